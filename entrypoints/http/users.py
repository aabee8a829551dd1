"""The signed-in user's rights over their data (spec 8.2): a full copy, and erasure."""

from __future__ import annotations

from litestar import Controller, Response, delete, get
from litestar.status_codes import HTTP_200_OK

from application.analysis import ExportFitData
from application.ports import Clock
from application.privacy import EraseUserData, ExportUserData, ListConsents
from domain.access import Viewer
from entrypoints.http import schemas
from entrypoints.http.injection import Injected


class UserDataController(Controller):
    path = "/api/v1/users/me"
    tags = ["privacy"]
    security = [{"BearerToken": []}]

    @get("/export", summary="Everything the service holds about you, as one JSON document")
    async def export(
        self,
        viewer: Injected[Viewer],
        export_user_data: Injected[ExportUserData],
        export_fit_data: Injected[ExportFitData],
        list_consents: Injected[ListConsents],
        clock: Injected[Clock],
    ) -> Response[schemas.UserExportBody]:
        now = clock.now()
        exports = await export_user_data(viewer)
        body = schemas.UserExportBody(
            format="user-export/v1",
            exported_at=now,
            user_id=viewer.user_id,
            avatars=[schemas.export_body(export, now) for export in exports],
            fit=schemas.fit_export_body(await export_fit_data(viewer)),
            consents=[
                schemas.ConsentRecordBody(
                    avatar_id=r.avatar_id,
                    subject=r.subject.value,
                    old_value=r.old_value,
                    new_value=r.new_value,
                    changed_by=r.changed_by,
                    client=r.client,
                    recorded_at=r.recorded_at,
                )
                for r in await list_consents(viewer)
            ],
        )
        return Response(
            body,
            headers={"Content-Disposition": f'attachment; filename="user-{viewer.user_id}.json"'},
        )

    @delete(
        "/",
        status_code=HTTP_200_OK,
        summary="Erase every avatar, photo, model and file of yours, for good",
    )
    async def erase(
        self,
        viewer: Injected[Viewer],
        erase_user_data: Injected[EraseUserData],
    ) -> schemas.ErasureBody:
        receipt = await erase_user_data(viewer)
        return schemas.ErasureBody(
            erased_avatars=receipt.avatars_erased,
            erased_objects=receipt.objects_deleted,
            erased_at=receipt.erased_at,
            user_id=receipt.user_id,
        )
