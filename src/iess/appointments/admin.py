"""Administrators configure agencies, hours, holidays and counters here. Every change that can
leave a booked turn outside the schedule runs services.schedule_change_apply, which marks the
affected appointments, emails their people and lists them for the staff."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from iess.appointments import services
from iess.appointments.models import (
    Agency,
    AgencyMembership,
    AgencyService,
    Appointment,
    Holiday,
    OpeningHours,
    ProcedureType,
    Ticket,
)
from iess.core.admin import AuditedModelAdmin


def _report(request, affected) -> None:
    if affected:
        listed = ", ".join(f"{a.code} ({a.holder_name}, {a.email})" for a in affected)
        messages.warning(
            request,
            _("Turnos afectados, notificados por correo: %(list)s") % {"list": listed},
        )


class ScheduleAdmin(AuditedModelAdmin):
    reason = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _report(request, services.schedule_change_apply(agency=obj.agency, reason=self.reason))

    def delete_model(self, request, obj):
        agency = obj.agency
        super().delete_model(request, obj)
        _report(request, services.schedule_change_apply(agency=agency, reason=self.reason))


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ["name", "province", "city", "kind", "is_active"]
    list_filter = ["kind", "is_active", "province"]
    search_fields = ["name", "city"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            services.agency_hours_materialize(obj)
            return
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        _report(request, services.agency_update(agency=obj, actor=request.user, **changes))


@admin.register(OpeningHours)
class OpeningHoursAdmin(ScheduleAdmin):
    list_display = ["agency", "weekday", "opens", "closes"]
    list_filter = ["weekday", "agency__province"]
    search_fields = ["agency__name"]
    reason = "Cambio del horario de atención de la agencia"


@admin.register(Holiday)
class HolidayAdmin(ScheduleAdmin):
    list_display = ["date", "name", "agency"]
    list_filter = ["agency"]
    date_hierarchy = "date"
    reason = "Día sin atención (feriado o cierre)"


@admin.register(AgencyService)
class AgencyServiceAdmin(AuditedModelAdmin):
    list_display = ["agency", "procedure", "counters", "slot_minutes", "is_active"]
    list_filter = ["procedure", "is_active"]
    search_fields = ["agency__name"]

    def save_model(self, request, obj, form, change):
        _service, affected = services.agency_service_set(
            agency=obj.agency,
            procedure=obj.procedure,
            counters=obj.counters,
            slot_minutes=obj.slot_minutes,
            is_active=obj.is_active,
            actor=request.user,
        )
        obj.pk = _service.pk
        _report(request, affected)


@admin.register(ProcedureType)
class ProcedureTypeAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "is_active"]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "agency"]
    autocomplete_fields = ["agency"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["code", "starts_at", "agency", "procedure", "holder_name", "status"]
    list_filter = ["status", "procedure"]
    search_fields = ["code", "holder_key", "holder_name"]
    date_hierarchy = "starts_at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(AppointmentAdmin):
    list_display = ["number", "service_day", "agency", "procedure", "status", "counter"]
    list_filter = ["status", "kind", "priority"]
    search_fields = ["number", "name"]
    date_hierarchy = "service_day"
