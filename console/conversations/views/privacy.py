from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from ..forms import DeletePersonForm
from ..services import retention


@permission_required("accounts.delete_person_data", raise_exception=True)
def delete_person_page(request):
    """GET shows the form; POST without `confirm` previews what would be deleted; POST with
    `confirm` deletes and shows the report."""
    form = DeletePersonForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        sender_id, phone = form.cleaned_data["sender_id"].strip(), form.cleaned_data["phone"].strip()
        try:
            sender_ids, e164 = retention.find_person(sender_id, phone)
        except ValueError:
            context["bad_phone"] = True
            return render(request, "conversations/privacy.html", context, status=400)
        if form.cleaned_data["confirm"]:
            context["report"] = retention.delete_person(sender_id, phone, user=request.user)
        else:
            context["preview"] = {
                "sender_ids": len(sender_ids),
                "phone": e164,
                "sender_id": sender_id,
                "phone_raw": phone,
            }
    elif request.method == "POST":
        return render(request, "conversations/privacy.html", context, status=400)
    return render(request, "conversations/privacy.html", context)
