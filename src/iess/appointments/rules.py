"""The turnero's rules as plain functions and settings: opening hours, slot times, windows.

Every time is computed in Ecuador's zone (America/Guayaquil) whatever the server or the
visitor uses, and stored in UTC."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

ECUADOR = ZoneInfo("America/Guayaquil")

# (weekday -> (opens, closes)); sheets 01-03: Monday to Friday 08:00-17:00, mall points differ.
REGULAR_HOURS = {day: (datetime.time(8), datetime.time(17)) for day in range(5)}
MALL_HOURS = {day: (datetime.time(10), datetime.time(19)) for day in range(6)}


def default_hours(kind: str) -> dict[int, tuple[datetime.time, datetime.time]]:
    return dict(MALL_HOURS if kind == "mall" else REGULAR_HOURS)


def horizon_days() -> int:
    return getattr(settings, "APPOINTMENTS_HORIZON_DAYS", 30)


def max_future_per_person() -> int:
    return getattr(settings, "APPOINTMENTS_MAX_FUTURE_PER_PERSON", 3)


CHECK_IN_EARLIEST = datetime.timedelta(minutes=30)
CHECK_IN_LATEST = datetime.timedelta(minutes=15)


def now_or(now: datetime.datetime | None) -> datetime.datetime:
    return now if now is not None else timezone.now()


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    return now_or(now).astimezone(ECUADOR).date()


def local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(ECUADOR)


@dataclass(frozen=True)
class DaySchedule:
    opens: datetime.time
    closes: datetime.time


def day_starts(
    *, day: datetime.date, hours: DaySchedule | None, slot_minutes: int
) -> list[datetime.datetime]:
    """The start of every turn of one day: from opening, every slot_minutes, the last one
    ending by closing time. Aware datetimes in Ecuador's zone."""
    if hours is None:
        return []
    step = datetime.timedelta(minutes=slot_minutes)
    start = datetime.datetime.combine(day, hours.opens, tzinfo=ECUADOR)
    end = datetime.datetime.combine(day, hours.closes, tzinfo=ECUADOR)
    starts = []
    while start + step <= end:
        starts.append(start)
        start += step
    return starts


OLDER_ADULT_AGE = 65


def check_in_window(starts_at: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    return starts_at - CHECK_IN_EARLIEST, starts_at + CHECK_IN_LATEST
