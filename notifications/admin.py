from django.contrib import admin

from notifications.models import Preference, SentReminder


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["user", "events", "reminders", "digest", "language"]
    search_fields = ["user__username", "user__email"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin[SentReminder]):
    list_display = ["sent_on", "kind", "user", "unit", "year", "month"]
    list_filter = ["kind", "sent_on"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
