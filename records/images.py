"""Uploaded images: only real JPEG, PNG or WebP under 5 MB, re-encoded without their metadata.

Re-encoding drops what cameras and phones write into a file (GPS position,
device, dates) and anything smuggled after the image data.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
# A small file may hold a huge image (a PNG of one colour): decoding 13,000 × 13,000 pixels takes 1.4 GB.
MAX_PIXELS = 40_000_000
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
    not_an_image = ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="not_an_image")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels: 40 million at most."), code="too_many_pixels")
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
        if image.format not in FORMATS:
            raise ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="format")
        extension, options = FORMATS[image.format]
        # Apply the camera's orientation before its EXIF data is dropped; a mangled EXIF block fails here.
        clean = ImageOps.exif_transpose(image)
        if image.format == "JPEG" and clean.mode not in ("RGB", "L"):
            clean = clean.convert("RGB")
        output = io.BytesIO()
        clean.save(output, image.format, **options)
    except ValidationError:
        raise
    except Exception as error:  # Pillow fails in many ways on a broken file: OSError, SyntaxError, struct.error...
        raise not_an_image from error
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
