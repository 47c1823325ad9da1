"""Uploaded images: only real JPEG, PNG or WebP under 5 MB, re-encoded without their metadata.

Re-encoding drops what cameras and phones write into a file (GPS position,
device, dates) and anything smuggled after the image data.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# Pillow format -> file extension and save options.
FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}


def clean_image(upload):
    """The upload checked and re-encoded, as a new file; ValidationError when it is not acceptable."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="not_an_image") from error
    if image.format not in FORMATS:
        raise ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="format")
    extension, options = FORMATS[image.format]
    # Apply the camera's orientation before its EXIF data is dropped.
    clean = ImageOps.exif_transpose(image)
    if image.format == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    output = io.BytesIO()
    clean.save(output, image.format, **options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
