"""Reads of the turnero shared by pages, API, console and portal."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from iess.appointments import rules
from iess.appointments.models import (
    ACTIVE_STATUSES,
    Agency,
    AgencyMembership,
    AgencyService,
    Appointment,
    Holiday,
    OpeningHours,
    ProcedureType,
    Slot,
    Ticket,
)


def procedure_list():
    return ProcedureType.objects.filter(is_active=True).order_by("name")


def procedure_get(slug: str) -> ProcedureType | None:
    return ProcedureType.objects.filter(slug=slug, is_active=True).first()


def agency_list(*, province_code: str | None = None, procedure: ProcedureType | None = None):
    agencies = Agency.objects.filter(is_active=True).select_related("province")
    if province_code:
        agencies = agencies.filter(province_id=province_code)
    if procedure is not None:
        agencies = agencies.filter(
            services__procedure=procedure, services__is_active=True
        ).distinct()
    return agencies.order_by("name")


def agency_service_get(*, agency: Agency, procedure: ProcedureType) -> AgencyService | None:
    if not agency.is_active or not procedure.is_active:
        return None
    return AgencyService.objects.filter(agency=agency, procedure=procedure, is_active=True).first()


def agency_hours(agency: Agency) -> dict[int, rules.DaySchedule]:
    rows = list(OpeningHours.objects.filter(agency=agency))
    if rows:
        return {row.weekday: rules.DaySchedule(row.opens, row.closes) for row in rows}
    return {
        day: rules.DaySchedule(opens, closes)
        for day, (opens, closes) in rules.default_hours(agency.kind).items()
    }


def closed_days(agency: Agency, first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(
        Holiday.objects.filter(date__range=(first, last))
        .filter(Q(agency__isnull=True) | Q(agency=agency))
        .values_list("date", flat=True)
    )


def national_holidays(first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(
        Holiday.objects.filter(date__range=(first, last), agency__isnull=True).values_list(
            "date", flat=True
        )
    )


@dataclass(frozen=True)
class SlotView:
    starts_at: datetime.datetime
    free: int


@dataclass(frozen=True)
class DayView:
    day: datetime.date
    free: int
    is_open: bool


def _booking_window(now: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    today = rules.local_today(now)
    return today, today + datetime.timedelta(days=rules.horizon_days())


def _starts_for_day(service, hours, closed, day) -> list[datetime.datetime]:
    if day in closed:
        return []
    return rules.day_starts(
        day=day, hours=hours.get(day.weekday()), slot_minutes=service.slot_minutes
    )


def availability_calendar(
    *, agency: Agency, procedure: ProcedureType, now: datetime.datetime | None = None
) -> list[DayView]:
    """Every day of the booking horizon with the number of free places (four queries)."""
    now = rules.now_or(now)
    service = agency_service_get(agency=agency, procedure=procedure)
    first, last = _booking_window(now)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    if service is None:
        return [DayView(day, 0, False) for day in days]
    hours = agency_hours(agency)
    closed = closed_days(agency, first, last)
    # Free places = counters x bookable times - the places taken on them: only the (few) slot
    # rows already booked are looked up, not each of the ~800 times of the horizon.
    taken_by_day: dict[datetime.date, list[tuple[datetime.datetime, int]]] = {}
    for starts_at, booked in Slot.objects.filter(
        agency=agency,
        procedure=procedure,
        starts_at__gte=now,
        starts_at__lt=datetime.datetime.combine(
            last + datetime.timedelta(days=1), datetime.time(), tzinfo=rules.ECUADOR
        ),
    ).values_list("starts_at", "booked"):
        taken_by_day.setdefault(rules.local(starts_at).date(), []).append((starts_at, booked))
    result = []
    for day in days:
        starts = _starts_for_day(service, hours, closed, day)
        if day == first:  # only today has times already past
            starts = [s for s in starts if s > now]
        taken = taken_by_day.get(day)
        if taken:
            bookable = set(starts)
            free = service.counters * len(starts) - sum(
                min(booked, service.counters) for s, booked in taken if s in bookable
            )
        else:
            free = service.counters * len(starts)
        result.append(DayView(day, free, bool(starts)))
    return result


def availability_day(
    *,
    agency: Agency,
    procedure: ProcedureType,
    day: datetime.date,
    now: datetime.datetime | None = None,
) -> list[SlotView]:
    """The times of one day that can still be booked, with their free places."""
    now = rules.now_or(now)
    service = agency_service_get(agency=agency, procedure=procedure)
    first, last = _booking_window(now)
    if service is None or not (first <= day <= last):
        return []
    starts = [
        s
        for s in _starts_for_day(service, agency_hours(agency), closed_days(agency, day, day), day)
        if s > now
    ]
    if not starts:
        return []
    taken = dict(
        Slot.objects.filter(
            agency=agency, procedure=procedure, starts_at__range=(starts[0], starts[-1])
        ).values_list("starts_at", "booked")
    )
    return [
        SlotView(s, service.counters - taken.get(s, 0))
        for s in starts
        if service.counters - taken.get(s, 0) > 0
    ]


def slot_start_is_valid(
    *,
    agency: Agency,
    service: AgencyService,
    starts_at: datetime.datetime,
    now: datetime.datetime,
) -> bool:
    """True when starts_at is one of the agency's turn times, in the future, within the horizon,
    on an open day that is no holiday."""
    day = rules.local(starts_at).date()
    first, last = _booking_window(now)
    if starts_at <= now or not (first <= day <= last):
        return False
    starts = _starts_for_day(service, agency_hours(agency), closed_days(agency, day, day), day)
    return starts_at in starts


def appointment_get_by_code(code: str) -> Appointment | None:
    return (
        Appointment.objects.select_related("agency", "procedure", "booked_by", "holder")
        .filter(code=(code or "").strip().upper())
        .first()
    )


def appointment_get_by_idempotency_key(*, key: str, person_id) -> Appointment | None:
    if not key or not person_id:
        return None
    return Appointment.objects.filter(
        idempotency_key=key, booked_by_id=person_id, status=Appointment.Status.BOOKED
    ).first()


def appointment_list_for_person(*, person):
    """The person's appointments, as booker or as holder, newest first."""
    return (
        Appointment.objects.select_related("agency", "procedure")
        .filter(Q(booked_by=person) | Q(holder=person))
        .order_by("-starts_at")
    )


def appointment_affected_list(*, agency: Agency):
    return Appointment.objects.filter(
        agency=agency, status__in=ACTIVE_STATUSES, affected_at__isnull=False
    ).select_related("procedure")


def appointment_day_list(*, agency: Agency, day: datetime.date):
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=rules.ECUADOR)
    return Appointment.objects.filter(
        agency=agency, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    ).select_related("procedure")


def staff_agency(user) -> Agency | None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    membership = AgencyMembership.objects.select_related("agency").filter(user=user).first()
    return membership.agency if membership else None


def ticket_called_get(*, agency: Agency, ticket_id) -> Ticket | None:
    """The turn being attended now (called) at this agency, or None."""
    return (
        Ticket.objects.select_related("procedure", "agency", "appointment", "person")
        .filter(pk=ticket_id, agency=agency, status=Ticket.Status.CALLED)
        .first()
    )


def ticket_queue(*, agency: Agency, day: datetime.date):
    """Waiting tickets in calling order: priority groups, then booked time, then arrival."""
    from django.db.models import F

    return (
        Ticket.objects.filter(agency=agency, service_day=day, status=Ticket.Status.WAITING)
        .select_related("procedure")
        .order_by("-is_priority", F("booked_start").asc(nulls_last=True), "issued_at", "id")
    )


def ticket_calls(*, agency: Agency, day: datetime.date, limit: int = 8):
    return Ticket.objects.filter(
        agency=agency, service_day=day, called_at__isnull=False, status=Ticket.Status.CALLED
    ).order_by("-called_at", "-id")[:limit]


def ticket_recent_calls(*, agency: Agency, day: datetime.date, limit: int = 8):
    return Ticket.objects.filter(agency=agency, service_day=day, called_at__isnull=False).order_by(
        "-called_at", "-id"
    )[:limit]


def agency_counter_numbers(agency: Agency) -> list[int]:
    counters = sum(
        AgencyService.objects.filter(agency=agency, is_active=True).values_list(
            "counters", flat=True
        )
    )
    return list(range(1, max(counters, 1) + 1))
