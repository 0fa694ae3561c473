from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.logo_info import LogoInfo
    from ..models.portrait_req_json_aigc_meta import PortraitReqJsonAigcMeta


T = TypeVar("T", bound="PortraitReqJson")


@_attrs_define
class PortraitReqJson:
    """The decoded content of `req_json`. Unknown keys are ignored.

    Attributes:
        return_url (bool | Unset): Return the images as links instead of base64 (links valid 24 hours).
        logo_info (LogoInfo | Unset): Watermark information.
        aigc_meta (PortraitReqJsonAigcMeta | Unset): Implicit AIGC metadata labels.
    """

    return_url: bool | Unset = UNSET
    logo_info: LogoInfo | Unset = UNSET
    aigc_meta: PortraitReqJsonAigcMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        return_url = self.return_url

        logo_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.logo_info, Unset):
            logo_info = self.logo_info.to_dict()

        aigc_meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.aigc_meta, Unset):
            aigc_meta = self.aigc_meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if return_url is not UNSET:
            field_dict["return_url"] = return_url
        if logo_info is not UNSET:
            field_dict["logo_info"] = logo_info
        if aigc_meta is not UNSET:
            field_dict["aigc_meta"] = aigc_meta

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        from ..models.logo_info import LogoInfo
        from ..models.portrait_req_json_aigc_meta import PortraitReqJsonAigcMeta

        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"PortraitReqJson: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        return_url = check_json_type(
            d.pop("return_url", UNSET), "bool", "return_url", optional=True
        )

        _logo_info = d.pop("logo_info", UNSET)
        logo_info: LogoInfo | Unset
        if isinstance(_logo_info, Unset):
            logo_info = UNSET
        else:
            logo_info = LogoInfo.from_dict(_logo_info)

        _aigc_meta = d.pop("aigc_meta", UNSET)
        aigc_meta: PortraitReqJsonAigcMeta | Unset
        if isinstance(_aigc_meta, Unset):
            aigc_meta = UNSET
        else:
            aigc_meta = PortraitReqJsonAigcMeta.from_dict(_aigc_meta)

        portrait_req_json = cls(
            return_url=return_url,
            logo_info=logo_info,
            aigc_meta=aigc_meta,
        )

        portrait_req_json.additional_properties = d
        return portrait_req_json

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
