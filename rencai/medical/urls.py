from django.urls import path

from . import views

urlpatterns = [
    path("medical/today/", views.today, name="medical-today"),
    path("medical/find/", views.find, name="medical-find"),
    path("medical/book/", views.book, name="medical-book"),
    path("medical/slots/", views.slot_list, name="medical-slot-list"),
    path("medical/appointments/", views.appointment_list, name="medical-appointment-list"),
    path(
        "medical/appointments/<int:pk>/",
        views.appointment_detail,
        name="medical-appointment-detail",
    ),
    path(
        "medical/appointments/<int:pk>/step/",
        views.appointment_step,
        name="medical-appointment-step",
    ),
    path("medical/records/", views.record_list, name="medical-record-list"),
]
