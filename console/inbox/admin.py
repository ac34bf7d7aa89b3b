from django.contrib import admin

from .models import StaffBranch


@admin.register(StaffBranch)
class StaffBranchAdmin(admin.ModelAdmin):
    list_display = ("user", "branch_id")
