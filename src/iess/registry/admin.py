from django.contrib import admin

from iess.core.admin import AuditedModelAdmin
from iess.registry.models import Employer, Person, Province


@admin.register(Province)
class ProvinceAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = [
        "last_names",
        "first_names",
        "cedula",
        "foreigner_code",
        "passport_number",
        "visa_number",
    ]
    search_fields = [
        "cedula",
        "foreigner_code",
        "passport_number",
        "visa_number",
        "last_names",
        "first_names",
    ]
    list_filter = ["nationality", "province"]


@admin.register(Employer)
class EmployerAdmin(AuditedModelAdmin):
    list_display = ["legal_name", "ruc", "sector"]
    search_fields = ["ruc", "legal_name"]
    list_filter = ["sector"]
