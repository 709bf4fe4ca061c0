app_name = "submissions_office"

urlpatterns: list = []
