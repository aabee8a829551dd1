from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AuditEntryBody")



@_attrs_define
class AuditEntryBody:
    """ 
        Attributes:
            action (str):
            actor_id (UUID):
            actor_role (str):
            avatar_id (None | UUID):
            client (str):
            id (UUID):
            occurred_at (datetime.datetime):
            resource (str):
            resource_id (None | UUID):
            route (str):
            status (int):
     """

    action: str
    actor_id: UUID
    actor_role: str
    avatar_id: None | UUID
    client: str
    id: UUID
    occurred_at: datetime.datetime
    resource: str
    resource_id: None | UUID
    route: str
    status: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor_id = str(self.actor_id)

        actor_role = self.actor_role

        avatar_id: None | str
        if isinstance(self.avatar_id, UUID):
            avatar_id = str(self.avatar_id)
        else:
            avatar_id = self.avatar_id

        client = self.client

        id = str(self.id)

        occurred_at = self.occurred_at.isoformat()

        resource = self.resource

        resource_id: None | str
        if isinstance(self.resource_id, UUID):
            resource_id = str(self.resource_id)
        else:
            resource_id = self.resource_id

        route = self.route

        status = self.status


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "actorId": actor_id,
            "actorRole": actor_role,
            "avatarId": avatar_id,
            "client": client,
            "id": id,
            "occurredAt": occurred_at,
            "resource": resource,
            "resourceId": resource_id,
            "route": route,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        actor_id = UUID(d.pop("actorId"))




        actor_role = d.pop("actorRole")

        def _parse_avatar_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                avatar_id_type_0 = UUID(data)



                return avatar_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        avatar_id = _parse_avatar_id(d.pop("avatarId"))


        client = d.pop("client")

        id = UUID(d.pop("id"))




        occurred_at = datetime.datetime.fromisoformat(d.pop("occurredAt"))




        resource = d.pop("resource")

        def _parse_resource_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resource_id_type_0 = UUID(data)



                return resource_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        resource_id = _parse_resource_id(d.pop("resourceId"))


        route = d.pop("route")

        status = d.pop("status")

        audit_entry_body = cls(
            action=action,
            actor_id=actor_id,
            actor_role=actor_role,
            avatar_id=avatar_id,
            client=client,
            id=id,
            occurred_at=occurred_at,
            resource=resource,
            resource_id=resource_id,
            route=route,
            status=status,
        )


        audit_entry_body.additional_properties = d
        return audit_entry_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
