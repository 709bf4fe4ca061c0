app_name = "appointments_office"

urlpatterns = []
