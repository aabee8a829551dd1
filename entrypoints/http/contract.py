"""The OpenAPI document made to tell the truth (issue 18, docs/adr/0050-api-contract.md).

Litestar writes the paths and the response bodies. Three things it cannot know are added here,
once, when the app starts (``complete_openapi``):

- request bodies as msgspec itself validates them (its own JSON Schema: unknown fields refused,
  lengths, enums), plus the rules the use cases enforce that JSON Schema can state, read from
  the domain (measurement ranges in either unit, compare's two forms, at least one measurement
  to change);
- the problem+json answers of every operation with their status codes;
- OpenAPI links from the operations that return a new id to those that take it.

``avatar-service openapi`` prints the result; docs/openapi.json is the checked-in copy and a
test fails when the two differ.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.spec import (
    Encoding,
    Link,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Parameter,
    PathItem,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

from application.photos import PHOTO_TYPES
from domain.avatar import MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH
from domain.avatar import SKIN_TONE as SKIN_TONE_PATTERN
from domain.measurements import (
    MEASUREMENT_SPECS,
    SPECS_BY_NAME,
    Quantity,
    from_metric,
)
from domain.units import MeasurementUnit
from entrypoints.http import analysis, avatars, models, photos, problems, schemas, sharing, users
from entrypoints.http.rate_limits import UNLIMITED_PATHS
from entrypoints.settings import Settings

REF = "#/components/schemas/{name}"
PROBLEM = "Problem"
BEARER = "BearerToken"
# Modules whose request Structs are bodies of the API.
REQUEST_MODULES = (schemas, analysis, avatars, models, photos, sharing, users)

STATUS_TEXT = {
    400: "Malformed request: a parameter or a body that cannot be read",
    401: "No valid bearer token",
    403: "Not allowed (not the owner, not shared, quota reached, not an admin, bad signature)",
    404: "No such resource (identifiers are UUIDs)",
    409: "Conflicts with the current state (name taken, not in a state that allows it)",
    413: "Request body larger than the limit",
    415: "Unsupported media type",
    422: "Invalid: names the field and why (or: the avatar has no fitted body yet)",
    429: "Over the rate limit (Retry-After says when to try again; spec 9.3)",
    503: "Not ready: the body model is being prepared or the malware scanner is down",
}

# Answers beyond those every operation of its kind has (see ``_statuses``), by "METHOD path".
EXTRA_STATUSES: dict[str, tuple[int, ...]] = {
    "POST /api/v1/avatars": (409, 503),
    "PUT /api/v1/avatars/{avatar_id}": (409,),
    "POST /api/v1/avatars/{avatar_id}/duplicate": (409,),
    "PUT /api/v1/avatars/{avatar_id}/measurements": (409, 503),
    "POST /api/v1/avatars/{avatar_id}/measurements/validate": (503,),
    "POST /api/v1/avatars/{avatar_id}/measurements/extract": (409,),
    "POST /api/v1/avatars/{avatar_id}/photos": (409, 503),
    "POST /api/v1/avatars/{avatar_id}/photos/process": (409,),
    "POST /api/v1/avatars/{avatar_id}/models/generate": (409,),
    "POST /api/v1/avatars/{avatar_id}/analysis/regenerate": (409, 422),
    "GET /api/v1/avatars/{avatar_id}/analysis": (422,),
    "GET /api/v1/avatars/{avatar_id}/size-recommendations": (422,),
    "POST /api/v1/admin/avatars/{avatar_id}/reprocess": (422,),
}


def complete_openapi(app: Litestar, settings: Settings) -> OpenAPI:
    """The app's OpenAPI document, completed in place (idempotent): what the API serves at
    /schema/openapi.json from then on."""
    openapi = app.openapi_schema
    components = openapi.components
    if components.schemas is None:
        components.schemas = {}
    if PROBLEM in components.schemas:
        return openapi
    component_schemas: dict[str, Any] = components.schemas
    component_schemas.update(_request_schemas(settings))
    _, problem_schemas = msgspec.json.schema_components([problems.Problem], ref_template=REF)
    component_schemas.update(problem_schemas)
    _declare_uploads(openapi)
    for path, method, operation in _operations(openapi):
        _declare_problems(path, method, operation)
        _declare_parameters(path, method, operation)
    _declare_links(openapi)
    _declare_files(openapi)
    return openapi


def openapi_document(app: Litestar, settings: Settings) -> dict[str, Any]:
    """The completed document as JSON-ready data."""
    return complete_openapi(app, settings).to_schema()


def render(app: Litestar, settings: Settings) -> str:
    return json.dumps(openapi_document(app, settings), indent=2, sort_keys=True) + "\n"


# -- request bodies -------------------------------------------------------------------------------
def _request_structs() -> list[type[msgspec.Struct]]:
    found: dict[str, type[msgspec.Struct]] = {}
    for module in REQUEST_MODULES:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__struct_config__.forbid_unknown_fields
                and value is not schemas.Request
            ):
                found[value.__name__] = value
    return list(found.values())


def _request_schemas(settings: Settings) -> dict[str, Any]:
    _, found = msgspec.json.schema_components(_request_structs(), ref_template=REF)
    # Validation reports what is wrong with any values (200), so it takes them unranged.
    found["MeasurementValues"] = found["MeasurementsInput"]
    found["ValidateMeasurementsRequest"]["properties"]["measurements"] = {
        "$ref": REF.format(name="MeasurementValues")
    }
    found["MeasurementsInput"] = _measurements_input(found["MeasurementsInput"])
    for schema in found.values():
        _lenient_booleans(schema)
    found["UpdateMeasurementsRequest"]["properties"]["measurements"] = {
        "allOf": [{"$ref": REF.format(name="MeasurementsInput")}],
        "description": "at least one measurement to change",
        "anyOf": [
            {"required": [spec.name], "properties": {spec.name: {"type": "number"}}}
            for spec in MEASUREMENT_SPECS
        ],
    }
    found["CompareRequest"] = _compare_request(found["CompareRequest"])
    for name in ("CreateAvatarRequest", "UpdateAvatarRequest", "DuplicateAvatarRequest"):
        _patch(found, name, "name", NAME)
        _patch(found, name, "description", DESCRIPTION)
        _patch(found, name, "skinTone", SKIN_TONE)
    _patch(found, "GenerateModelsRequest", "skinTone", SKIN_TONE)
    for listed in ("formats", "lodLevels"):
        _patch(found, "GenerateModelsRequest", listed, {"minItems": 1, "uniqueItems": True})
    _patch(found, "PhotoUploadLinkRequest", "contentType", {"enum": sorted(PHOTO_TYPES)})
    _patch(
        found,
        "PhotoUploadLinkRequest",
        "sizeBytes",
        {"minimum": 1, "maximum": settings.max_photo_bytes, "description": "bytes"},
    )
    return found


# The rules of domain.avatar.clean_name and friends, as JSON Schema says them.
CONTROL = r"\u0000-\u001f\u007f-\u009f"  # Unicode category Cc
PRINTABLE = f"[^{CONTROL}]"
NAME = {
    "type": "string",
    "maxLength": MAX_NAME_LENGTH,
    "pattern": f"^{PRINTABLE}*[^\\s{CONTROL}]{PRINTABLE}*$",
    "description": f"1 to {MAX_NAME_LENGTH} characters, no control characters, not blank; "
    "unique per user",
}
DESCRIPTION = {"maxLength": MAX_DESCRIPTION_LENGTH}
SKIN_TONE = {"pattern": SKIN_TONE_PATTERN.pattern, "description": "sRGB colour, #rrggbb"}


def _lenient_booleans(schema: dict[str, Any]) -> None:
    """A boolean field also takes 0 and 1 (the bodies are decoded leniently)."""
    for name, field in list(schema.get("properties", {}).items()):
        if field.get("type") == "boolean":
            schema["properties"][name] = {
                **{k: v for k, v in field.items() if k != "type"},
                "anyOf": [{"type": "boolean"}, {"type": "integer", "enum": [0, 1]}],
            }
        for alternative in field.get("anyOf", []):
            if alternative.get("type") == "boolean":
                alternative.pop("type")
                alternative["anyOf"] = [{"type": "boolean"}, {"type": "integer", "enum": [0, 1]}]


def _patch(found: dict[str, Any], component: str, field: str, rule: dict[str, Any]) -> None:
    """Narrow ``field`` of ``component`` where it has one; a nullable field stays nullable."""
    schema = found[component]["properties"].get(field)
    if schema is None:
        return
    alternatives = schema.get("anyOf")
    if alternatives:
        for alternative in alternatives:
            if alternative.get("type") != "null":
                alternative.update(rule)
    else:
        schema.update(rule)


def _measurement_ranges(unit: MeasurementUnit) -> dict[str, Any]:
    symbols = {
        (Quantity.LENGTH, MeasurementUnit.METRIC): "cm",
        (Quantity.LENGTH, MeasurementUnit.IMPERIAL): "in",
        (Quantity.MASS, MeasurementUnit.METRIC): "kg",
        (Quantity.MASS, MeasurementUnit.IMPERIAL): "lb",
    }
    ranges: dict[str, Any] = {}
    for spec in MEASUREMENT_SPECS:
        low = from_metric({spec.name: spec.minimum}, unit)[spec.name]
        high = from_metric({spec.name: spec.maximum}, unit)[spec.name]
        symbol = symbols[(spec.quantity, unit)]
        ranges[spec.name] = {
            "anyOf": [{"type": "number", "minimum": low, "maximum": high}, {"type": "null"}],
            "description": f"{spec.label} in {symbol}, {low:g}-{high:g}",
        }
    return ranges


def _measurements_input(schema: dict[str, Any]) -> dict[str, Any]:
    """Each measurement within its plausible range, in cm and kg (metric, the default) or in
    inches and pounds (imperial): domain.measurements.MEASUREMENT_SPECS."""
    metric = {
        "properties": {
            **_measurement_ranges(MeasurementUnit.METRIC),
            "unit": {"enum": ["metric", None]},
        }
    }
    imperial = {
        "required": ["unit"],
        "properties": {
            **_measurement_ranges(MeasurementUnit.IMPERIAL),
            "unit": {"const": "imperial"},
        },
    }
    return {
        **schema,
        "description": (
            "Measurements in `unit`: cm and kg (metric, the default) or in and lb (imperial), "
            "each within its range. Together they must describe a human body: inseam 35-56% "
            "and arm length 25-45% of the height, chest, waist and hips within 80 cm of each "
            "other; a 422 names the measurement that disagrees."
        ),
        "oneOf": [metric, imperial],
    }


def _compare_request(schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema["properties"]
    return {
        "title": schema.get("title", "CompareRequest"),
        "description": "Compare with another avatar, or two versions of this one.",
        "oneOf": [
            {
                "type": "object",
                "title": "CompareWithAvatar",
                "properties": {"otherAvatarId": {"type": "string", "format": "uuid"}},
                "required": ["otherAvatarId"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "title": "CompareVersions",
                "properties": {
                    "fromVersion": {**_integer(properties, "fromVersion"), "minimum": 1},
                    "toVersion": {**_integer(properties, "toVersion"), "minimum": 1},
                },
                "required": ["fromVersion", "toVersion"],
                "additionalProperties": False,
            },
        ],
    }


def _integer(properties: dict[str, Any], name: str) -> dict[str, Any]:
    return {"type": "integer", "description": properties.get(name, {}).get("description", name)}


# -- responses ------------------------------------------------------------------------------------
def _operations(openapi: OpenAPI) -> Iterator[tuple[str, str, Operation]]:
    for path, item in (openapi.paths or {}).items():
        assert isinstance(item, PathItem)
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method)
            if operation is not None:
                yield path, method, operation


def _statuses(path: str, method: str, operation: Operation) -> set[int]:
    statuses: set[int] = set()
    parameters = operation.parameters or []
    if operation.security:
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if any(getattr(p, "param_in", None) == "query" for p in parameters):
        statuses.add(400)
    if operation.request_body is not None:
        statuses |= {400, 413, 415, 422}
    if path.startswith("/api/v1/blobs/"):
        statuses |= {403}
    if path not in UNLIMITED_PATHS:
        statuses.add(429)
    statuses |= set(EXTRA_STATUSES.get(f"{method.upper()} {path}", ()))
    return statuses


RETRY_AFTER = OpenAPIHeader(
    schema=Schema(type=OpenAPIType.INTEGER, minimum=0), description="seconds to wait"
)


def _declare_problems(path: str, method: str, operation: Operation) -> None:

    responses = operation.responses = dict(operation.responses or {})
    responses.pop("400", None)  # Litestar's own, not what the API sends
    problem = OpenAPIMediaType(schema=Reference(ref=REF.format(name=PROBLEM)))
    for status in sorted(_statuses(path, method, operation)):
        responses[str(status)] = OpenAPIResponse(
            description=STATUS_TEXT[status],
            content={problems.PROBLEM_JSON: problem},
            headers={"Retry-After": RETRY_AFTER} if status == 429 else None,
        )


# -- links ----------------------------------------------------------------------------------------
FIRST_PHOTO = "$response.body#/photos/0/id"
# Photos in a form: photos[i][file] and photos[i][viewType], or one part named after its view.
PHOTO_PARTS = r"^photos\[[0-9]+\]\[(file|viewType)\]$"
TIME_PARAMETERS = ("since", "until")
# Unix time from 0001-01-01 to 9999-12-31 (what a datetime holds).
UNIX_TIME = {"minimum": -62_135_596_800, "maximum": 253_402_300_799}


def _declare_parameters(path: str, method: str, operation: Operation) -> None:
    """What Litestar's reading of parameters and forms accepts and its schema does not say."""
    for parameter in operation.parameters or []:
        if isinstance(parameter, Parameter) and parameter.name in TIME_PARAMETERS:
            parameter.schema = Schema(
                one_of=[
                    Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME),
                    Schema(
                        type=OpenAPIType.NUMBER,
                        description="Unix time, seconds",
                        minimum=UNIX_TIME["minimum"],
                        maximum=UNIX_TIME["maximum"],
                    ),
                    Schema(type=OpenAPIType.NULL),  # as Litestar writes every optional one
                ]
            )
    body = operation.request_body
    if not isinstance(body, RequestBody):
        return
    form = body.content.get("multipart/form-data")
    if form is not None and isinstance(form.schema, Schema):
        form.schema.additional_properties = False
        form.schema.pattern_properties = {
            PHOTO_PARTS: Schema(description="a photo part or its viewType, as listed")
        }
        form.schema.properties = {
            name: _form_field(name, field) for name, field in (form.schema.properties or {}).items()
        }
        if "preferences" in form.schema.properties:
            # A JSON part: the same object as in a JSON body.
            form.schema.properties["preferences"] = Reference(ref=REF.format(name="Preferences"))
            form.encoding = {"preferences": Encoding(content_type="application/json")}


# The hints of a photo form in the domain's ranges (domain.photo_checks.BodyHints).
FORM_HINTS = {"heightCm": ("height", "cm"), "weightKg": ("weight", "kg")}


def _form_field(name: str, field: Schema | Reference) -> Schema | Reference:
    """A form field with the rules its JSON twin has (a new Schema: the form's are shared)."""
    if not isinstance(field, Schema):
        return field
    rules: dict[str, Any] = {}
    if name in FORM_HINTS:
        measurement, unit = FORM_HINTS[name]
        spec = SPECS_BY_NAME[measurement]
        rules = {
            "minimum": spec.minimum,
            "maximum": spec.maximum,
            "description": f"{field.description}; {spec.minimum:g}-{spec.maximum:g} {unit}",
        }
    elif name == "name":
        rules = {"max_length": NAME["maxLength"], "pattern": NAME["pattern"]}
    elif name == "description":
        rules = {"max_length": MAX_DESCRIPTION_LENGTH}
    elif name == "skinTone":
        rules = {"pattern": SKIN_TONE_PATTERN.pattern}
    return dataclasses.replace(field, **rules) if rules else field


def _declare_links(openapi: OpenAPI) -> None:
    by_parameter: dict[str, list[str]] = {}
    for path, _, operation in _operations(openapi):
        for name in ("avatar_id", "model_id", "photo_id"):
            if "{" + name + "}" in path and operation.operation_id:
                by_parameter.setdefault(name, []).append(operation.operation_id)
    sources = {
        # METHOD path: (status, parameter, runtime expression of the new id)
        "POST /api/v1/avatars": ("201", "avatar_id", "$response.body#/id"),
        "POST /api/v1/avatars/{avatar_id}/duplicate": ("201", "avatar_id", "$response.body#/id"),
        "GET /api/v1/avatars/{avatar_id}/models": ("200", "model_id", "$response.body#/0/id"),
        "POST /api/v1/avatars/{avatar_id}/photos": (
            "201",
            "photo_id",
            "$response.body#/photos/0/id",
        ),
    }
    for path, method, operation in _operations(openapi):
        source = sources.get(f"{method.upper()} {path}")
        if source is None:
            continue
        status, parameter, expression = source
        response = (operation.responses or {}).get(status)
        if response is None or not hasattr(response, "links"):
            continue
        links: dict[str, Any] = {}
        for target in by_parameter.get(parameter, []):
            parameters = {parameter: expression}
            if parameter != "avatar_id":
                parameters["avatar_id"] = "$request.path.avatar_id"
            links[target] = Link(operation_id=target, parameters=parameters)
        response.links = links


# -- files ----------------------------------------------------------------------------------------
# What the downloads stream (adapters/export/exporter.CONTENT_TYPES, photos, exports), so that a
# generated client reads the body as bytes, not as JSON. application/octet-stream comes first in
# the sorted document, which is the one openapi-python-client reads.
BINARY = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
MODEL_FILES: dict[str, Schema | None] = {
    "application/octet-stream": BINARY,  # FBX
    "application/zip": BINARY,  # OBJ with its MTL
    "model/gltf-binary": BINARY,  # GLB
    # a glTF 2.0 document (JSON); no schema, which no client or checker would read
    "model/gltf+json": None,
}
ANY_FILE: dict[str, Schema | None] = {"application/octet-stream": BINARY, "*/*": BINARY}
ETAG = OpenAPIHeader(schema=Schema(type=OpenAPIType.STRING), description="the file's SHA-256")
FILE_RESPONSES: dict[str, dict[str, Schema | None]] = {
    "GET /api/v1/avatars/{avatar_id}/models/{model_id}/download": MODEL_FILES,
    "GET /api/v1/blobs/{key}": ANY_FILE,
}


def _declare_uploads(openapi: OpenAPI) -> None:
    """A signed upload link takes the photo itself as the body, of the type the link names."""
    for path, method, operation in _operations(openapi):
        if f"{method.upper()} {path}" == "PUT /api/v1/blobs/{key}":
            operation.request_body = RequestBody(
                content={name: OpenAPIMediaType(schema=BINARY) for name in sorted(PHOTO_TYPES)},
                required=True,
                description="the photo, of the type and size the link was signed for",
            )


def _declare_files(openapi: OpenAPI) -> None:
    for path, method, operation in _operations(openapi):
        media = FILE_RESPONSES.get(f"{method.upper()} {path}")
        if media is None or operation.responses is None:
            continue
        operation.responses["200"] = OpenAPIResponse(
            description="The file",
            content={name: OpenAPIMediaType(schema=schema) for name, schema in media.items()},
            headers={"ETag": ETAG},
        )
        if path.endswith("/download"):
            operation.responses["304"] = OpenAPIResponse(
                description="Not modified (If-None-Match names the file's ETag)",
                headers={"ETag": ETAG},
            )
            operation.responses["307"] = OpenAPIResponse(
                description="The file at a short-lived signed link of the object store",
                headers={
                    "Location": OpenAPIHeader(
                        schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.URI)
                    ),
                    "ETag": ETAG,
                },
            )


def openapi_for_default_settings() -> str:
    """The document of an app on the default settings, in a throwaway data folder (nothing is
    started or migrated): what docs/openapi.json holds."""
    import tempfile
    from pathlib import Path

    from entrypoints.container import build_container
    from entrypoints.http.app import create_app
    from entrypoints.settings import load_settings

    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings({"AVATAR_DATA_DIR": str(Path(folder))})
        app = create_app(build_container(settings), migrate_on_start=False)
        return render(app, settings)
