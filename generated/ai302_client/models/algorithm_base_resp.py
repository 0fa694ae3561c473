from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AlgorithmBaseResp")


@_attrs_define
class AlgorithmBaseResp:
    """
    Attributes:
        status_code (int | Unset):
        status_message (str | Unset):
    """

    status_code: int | Unset = UNSET
    status_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        status_code = self.status_code

        status_message = self.status_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if status_message is not UNSET:
            field_dict["status_message"] = status_message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"AlgorithmBaseResp: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        status_code = check_json_type(
            d.pop("status_code", UNSET), "int", "status_code", optional=True
        )

        status_message = check_json_type(
            d.pop("status_message", UNSET), "str", "status_message", optional=True
        )

        algorithm_base_resp = cls(
            status_code=status_code,
            status_message=status_message,
        )

        algorithm_base_resp.additional_properties = d
        return algorithm_base_resp

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
