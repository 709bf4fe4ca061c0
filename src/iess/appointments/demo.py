from iess.appointments.agencies_data import AGENCIES
from iess.appointments.models import Agency


def load() -> dict[str, int]:
    for name, province, city, address, kind in AGENCIES:
        Agency.objects.update_or_create(
            name=name,
            defaults={"province_id": province, "city": city, "address": address, "kind": kind},
        )
    return {"agencies": len(AGENCIES)}
