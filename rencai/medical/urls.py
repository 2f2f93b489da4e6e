from django.urls import path

from . import views

app_name = "medical"

urlpatterns = [
    path("medical/today/", views.today, name="today"),
    path("medical/find/", views.find, name="find"),
    path("medical/book/", views.book, name="book"),
    path("medical/slots/", views.slot_list, name="slot-list"),
    path("medical/appointments/", views.appointment_list, name="appointment-list"),
    path(
        "medical/appointments/<int:pk>/",
        views.appointment_detail,
        name="appointment-detail",
    ),
    path(
        "medical/appointments/<int:pk>/step/",
        views.appointment_step,
        name="appointment-step",
    ),
    path("medical/records/", views.record_list, name="record-list"),
]
