"""Registry, card and claim pages. Each workflow's views live in their own module."""

from django.urls import path

from .views import cards, claim, file, moves, registry

app_name = "talents"

urlpatterns = [
    path("talents/", registry.talent_list, name="list"),
    path("talents/new/", registry.talent_create, name="create"),
    path("talents/find/", registry.window_find, name="find"),
    path("talents/export.xlsx", registry.talent_export, name="export"),
    path("talents/import/", registry.talent_import, name="import"),
    path("talents/import/template.xlsx", registry.import_template, name="import-template"),
    path("talents/<int:pk>/", registry.talent_detail, name="detail"),
    path("talents/<int:pk>/file/", file.talent_file, name="file"),
    path("talents/<int:pk>/edit/", registry.talent_edit, name="edit"),
    path("talents/<int:pk>/reveal/", registry.talent_reveal, name="reveal"),
    path("talents/<int:pk>/account/", claim.account_link, name="account-link"),
    path("talents/<int:pk>/cards/issue/", cards.card_issue, name="card-issue"),
    path("talents/<int:pk>/cards/record/", cards.card_record, name="card-record"),
    path("talents/moves/", moves.move_list, name="move-list"),
    path("talents/<int:pk>/moves/departure/", moves.move_departure, name="move-departure"),
    path("talents/<int:pk>/moves/return/", moves.move_return, name="move-return"),
    path("talents/<int:pk>/moves/transfer/", moves.move_transfer, name="move-transfer"),
    path("cards/", cards.card_list, name="card-list"),
    path("cards/<int:pk>/renew/", cards.card_renew, name="card-renew"),
    path("cards/<int:pk>/revoke/", cards.card_revoke, name="card-revoke"),
    path("cards/<int:pk>/qr.svg", cards.card_qr, name="card-qr"),
    path("v/<str:token>", cards.card_verify, name="card-verify"),
    path("me/file/", file.my_file, name="my-file"),
    path("register/", claim.claim_start, name="claim-start"),
    path("register/confirm/", claim.claim_confirm, name="claim-confirm"),
]
