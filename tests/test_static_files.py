"""Static files, as production serves them: hashed names, compressed, cached by browsers forever."""

import re

from django.core.management import call_command
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

FOREVER = "max-age=315360000, public, immutable"


def test_static_files_get_hashed_names_that_browsers_keep_forever(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    address = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", address)
    whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    response = whitenoise(RequestFactory().get(address, headers={"accept-encoding": "gzip"}))
    response.file_to_stream.close()  # response.close() would signal the end of a request
    assert response["Cache-Control"] == FOREVER
    assert response["Content-Encoding"] == "gzip"
