"""The API's documentation as a page of the site, drawn on the server from the OpenAPI schema.

It reads at once, without JavaScript, in the site's layout and with its links back; Swagger UI
(`docs/try/`) stays for sending requests from the browser. Both read the one schema the code generates,
so neither can drift from the API.
"""

from django.shortcuts import render
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from pagecache.cache import public_page


@public_page
def reference(request):
    # The schema's descriptions in English, as the page marks them (lang="en"), whatever the page's language.
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        operation_of(path, method, details)
        for path, methods in schema["paths"].items()
        for method, details in methods.items()
    ]
    components = [
        {"name": name, "description": component.get("description", ""), "fields": fields_of(component)}
        for name, component in schema["components"]["schemas"].items()
        if "properties" in component
    ]
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "operations": operations, "components": components},
    )


def operation_of(path, method, details):
    return {
        "anchor": details["operationId"],
        "method": method.upper(),
        "path": path,
        "description": details.get("description", ""),
        "parameters": [
            {
                "name": parameter["name"],
                "where": parameter["in"],
                "type": type_of(parameter.get("schema", {})),
                "values": values_of(parameter.get("schema", {})),
                "description": parameter.get("description", ""),
            }
            for parameter in details.get("parameters", [])
        ],
        "responses": [
            {
                "status": status,
                "description": response.get("description", ""),
                "types": list(response.get("content", {})),
            }
            for status, response in sorted(details["responses"].items())
        ],
    }


def fields_of(component):
    required = set(component.get("required", ()))
    return [
        {
            "name": name,
            "type": type_of(field),
            "values": values_of(field),
            "description": field.get("description", "") or field.get("title", ""),
            "required": name in required,
        }
        for name, field in component["properties"].items()
    ]


def type_of(schema):
    """A schema's type in a few words: "array of Country", "integer, 1 to 23", "string or null"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema or "oneOf" in schema or "anyOf" in schema:
        parts = schema.get("allOf") or schema.get("oneOf") or schema.get("anyOf")
        kind = " or ".join(type_of(part) for part in parts)
    elif schema.get("type") == "array":
        kind = f"array of {type_of(schema.get('items', {}))}"
    else:
        kind = schema.get("type", "any")
        if "format" in schema:
            kind += f" ({schema['format']})"
        if "minimum" in schema and "maximum" in schema:
            kind += f", {schema['minimum']} to {schema['maximum']}"
        elif "minimum" in schema:
            kind += f", from {schema['minimum']}"
    return f"{kind} or null" if schema.get("nullable") else kind


def values_of(schema):
    """The values a closed list allows, those of its items for an array."""
    return [value for value in (schema.get("items", schema).get("enum") or []) if value is not None]
