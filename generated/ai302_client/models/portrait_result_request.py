from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from ai302_runtime.inputs import (
    JsonModel,
    json_string,
)
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PortraitResultRequest")


def _req_json_input(value: str | JsonModel | Unset) -> str | Unset:
    """A JSON string, or a PortraitReqJson (or other model) to encode."""
    if isinstance(value, Unset):
        return value
    return json_string(value, "req_json")


@_attrs_define
class PortraitResultRequest:
    """
    Attributes:
        task_id (str): The id of the portrait task to fetch, as `submit_portrait` returned it.
            An unknown id reports `not_found`; an empty one is refused.
        req_json (str | Unset): A JSON-encoded string (not an object). Currently supports watermark
            configuration and whether to return the result as an image link.
            Its decoded shape is `PortraitReqJson`.
    """

    task_id: str
    req_json: str | Unset = _attrs_field(default=UNSET, converter=_req_json_input)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        task_id = self.task_id

        req_json = self.req_json

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "task_id": task_id,
            }
        )
        if req_json is not UNSET:
            field_dict["req_json"] = req_json

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"PortraitResultRequest: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        task_id = check_json_type(d.pop("task_id"), "str", "task_id", optional=False)

        req_json = check_json_type(
            d.pop("req_json", UNSET), "str", "req_json", optional=True
        )

        portrait_result_request = cls(
            task_id=task_id,
            req_json=req_json,
        )

        portrait_result_request.additional_properties = d
        return portrait_result_request

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
