from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """
    Attributes:
        err_code (int): 302.AI error code. The known codes, their meaning and whether waiting
            can cure them are listed once, in `x-err-codes` (the client exposes
            them as `errors.ERR_CODES`).
        message (str):
        message_cn (str | Unset):
        message_jp (str | Unset):
        type_ (str | Unset):
    """

    err_code: int
    message: str
    message_cn: str | Unset = UNSET
    message_jp: str | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        err_code = self.err_code

        message = self.message

        message_cn = self.message_cn

        message_jp = self.message_jp

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "err_code": err_code,
                "message": message,
            }
        )
        if message_cn is not UNSET:
            field_dict["message_cn"] = message_cn
        if message_jp is not UNSET:
            field_dict["message_jp"] = message_jp
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"ErrorDetail: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        err_code = check_json_type(d.pop("err_code"), "int", "err_code", optional=False)

        message = check_json_type(d.pop("message"), "str", "message", optional=False)

        message_cn = check_json_type(
            d.pop("message_cn", UNSET), "str", "message_cn", optional=True
        )

        message_jp = check_json_type(
            d.pop("message_jp", UNSET), "str", "message_jp", optional=True
        )

        type_ = check_json_type(d.pop("type", UNSET), "str", "type", optional=True)

        error_detail = cls(
            err_code=err_code,
            message=message,
            message_cn=message_cn,
            message_jp=message_jp,
            type_=type_,
        )

        error_detail.additional_properties = d
        return error_detail

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
