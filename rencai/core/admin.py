"""The admin site for city administrators: divisions, organisations, users and their roles.

Every add, change and delete made here writes an audit event, like any other write.
The audit log and one-time codes are read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .masking import mask_mobile
from .models import (
    AuditEvent,
    Division,
    Message,
    OneTimeCode,
    Organisation,
    RoleAssignment,
    ScheduledRun,
    User,
    WorkingDay,
)

NEVER_LOGGED = {"password", "last_login"}


def _logged_fields(obj: models.Model, names) -> list[str]:
    concrete = {f.name for f in obj._meta.get_fields() if f.concrete and not f.many_to_many}
    return [n for n in names if n in concrete and n not in NEVER_LOGGED]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their services: shown, never edited here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes are audited: `<model>.create|update|delete` with the diff."""

    def save_model(self, request, obj, form, change):
        fields = _logged_fields(obj, form.changed_data)
        before = {}
        if change and fields:
            before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk), fields)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and not fields:
                return  # nothing logged changed (e.g. only groups); the inlines audit themselves
            audit.record(
                request.user,
                f"{obj._meta.model_name}.{'update' if change else 'create'}",
                obj,
                changes=audit.diff(before, audit.snapshot(obj, fields)),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(request.user, f"{obj._meta.model_name}.delete", obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(request.user, f"{obj._meta.model_name}.delete", obj)
            super().delete_queryset(request, queryset)


@admin.register(Division)
class DivisionAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "kind", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    ordering = ["code"]
    autocomplete_fields = ["parent"]


@admin.register(WorkingDay)
class WorkingDayAdmin(AuditedAdmin):
    """The official calendar: administrators correct it each year (holidays, 调休 days)."""

    list_display = ["date", "is_working", "note"]
    list_filter = ["is_working"]
    date_hierarchy = "date"
    search_fields = ["note"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "division", "code", "service_point_kind", "is_active"]
    list_filter = ["kind", "is_active", "division"]
    search_fields = ["name", "code", "credit_code"]
    autocomplete_fields = ["division", "parent"]
    list_select_related = ["division"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    fields = ["role", "division", "organisation"]
    autocomplete_fields = ["division", "organisation"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "display_name", "roles_summary", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "role_assignments__role"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("display_name", "mobile", "email")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "mobile", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("roles"))
    def roles_summary(self, user: User) -> str:
        return ", ".join(str(a.get_role_display()) for a in user.role_assignments.all())

    def save_formset(self, request, form, formset, change):
        """Audit each role assignment given or taken away."""
        with transaction.atomic():
            instances = formset.save(commit=False)
            for assignment in formset.deleted_objects:
                audit.record(request.user, "role_assignment.delete", assignment)
                assignment.delete()
            for assignment in instances:
                verb = "create" if assignment.pk is None else "update"
                assignment.save()
                audit.record(
                    request.user,
                    f"role_assignment.{verb}",
                    assignment,
                    changes={"user": [None, str(assignment.user)]} if verb == "create" else {},
                )
            formset.save_m2m()

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            audit.record(request.user, "user.set_password", user)
        return response


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__username", "action", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(admin.ModelAdmin):
    list_display = ["purpose", "masked_mobile", "created_at", "expires_at", "attempts", "used_at"]
    list_filter = ["purpose"]
    exclude = ["code_hash", "mobile"]

    @admin.display(description=_("mobile"))
    def masked_mobile(self, otp: OneTimeCode) -> str:
        return mask_mobile(otp.mobile)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    list_display = ["job", "slot", "status", "attempts", "started_at", "finished_at", "summary"]
    list_filter = ["status", "job"]
    search_fields = ["job", "slot"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """The outbox: what was sent, what waits for a retry, what was given up (and why)."""

    list_display = ["kind", "channel", "recipient", "slot", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["kind", "subject_id", "recipient"]
    exclude = ["address"]


class SecondFactorDeviceAdmin(admin.ModelAdmin):
    """A user's authenticator or recovery codes: an administrator sees them and removes them
    (a lost phone: the user enrols again at the next log-in); removal is audited. Devices are
    made only by their owner's enrolment, never here."""

    list_display = ["user", "name", "confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def _audit_removal(self, request, obj) -> None:
        audit.record(
            request.user,
            "user.second_factor_removed",
            obj.user,
            changes={"device": obj.name},
        )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit_removal(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.select_related("user"):
                self._audit_removal(request, obj)
            super().delete_queryset(request, queryset)


for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
    admin.site.register(_device_model, SecondFactorDeviceAdmin)
