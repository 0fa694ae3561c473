from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HeadshotResponse")


@_attrs_define
class HeadshotResponse:
    """
    Attributes:
        headshot_url_list (list[str]): Links to the generated avatars, one per requested avatar.
    """

    headshot_url_list: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        headshot_url_list = self.headshot_url_list

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "headshot_url_list": headshot_url_list,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"HeadshotResponse: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        headshot_url_list = cast(
            list[str],
            check_json_type(
                d.pop("headshot_url_list"),
                "list[str]",
                "headshot_url_list",
                optional=False,
            ),
        )

        headshot_response = cls(
            headshot_url_list=headshot_url_list,
        )

        headshot_response.additional_properties = d
        return headshot_response

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
