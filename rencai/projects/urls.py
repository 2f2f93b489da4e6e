"""Tech projects pages. The API lives in `rencai.projects.api.urls`."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("tech-projects/", views.project_list, name="project-list"),
    path("tech-projects/new/", views.project_new, name="project-new"),
    path("tech-projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("tech-projects/<int:pk>/propose/", views.project_propose, name="project-propose"),
    path("tech-projects/<int:pk>/close/", views.project_close, name="project-close"),
    path("match-proposals/", views.proposal_list, name="proposal-list"),
    path("match-proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("match-proposals/<int:pk>/answer/", views.proposal_answer, name="proposal-answer"),
    path("match-proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
    path("match-proposals/<int:pk>/outcome/", views.proposal_outcome, name="proposal-outcome"),
    path("match-outcomes/", views.outcome_list, name="outcome-list"),
    path("my/expertise/", views.expertise, name="expertise"),
]
