"""The CKEditor 5 image upload endpoint: staff only, every image re-encoded.

django-ckeditor-5's own view trusts the file's name; this one sends every upload
through icsportal.uploads.clean_image first, which also scales a picture down to the
widest the article's column shows.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from icsportal.uploads import COLUMN_IMAGE_WIDTH, clean_image


@require_POST
@staff_member_required
def ckeditor_upload(request):
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "No file was sent."}}, status=400)
    try:
        cleaned = clean_image(upload, max_width=COLUMN_IMAGE_WIDTH)
    except ValidationError as exc:
        return JsonResponse({"error": {"message": exc.messages[0]}}, status=400)
    name = default_storage.save(f"uploads/{cleaned.name}", cleaned)
    return JsonResponse({"url": default_storage.url(name)})
