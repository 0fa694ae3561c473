from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from ai302_runtime.inputs import (
    image_text,
)
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PortraitSubmitRequest")


def _image_input_input(value: str) -> str:
    return image_text(value, "image_input")


@_attrs_define
class PortraitSubmitRequest:
    """A portrait photography task (inferred; see `submit_portrait`).

    Attributes:
        image_input (str): The portrait photo: a publicly accessible image link, or a
            `data:image/...;base64,` URI.
        width (int | Unset): Width of the result in pixels, 512 to 2048. Default: 1328.
        height (int | Unset): Height of the result in pixels, 512 to 2048. Default: 1328.
        gpen (float | Unset): Face restoration strength, 0 to 1.
        skin (float | Unset): Skin smoothing strength, 0 to 1.
        skin_unifi (float | Unset): Skin tone unification strength, 0 to 1.
        gen_mode (str | Unset): Generation mode; its values are not known.
    """

    image_input: str = _attrs_field(converter=_image_input_input)
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    gpen: float | Unset = UNSET
    skin: float | Unset = UNSET
    skin_unifi: float | Unset = UNSET
    gen_mode: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        image_input = self.image_input

        width = self.width

        height = self.height

        gpen = self.gpen

        skin = self.skin

        skin_unifi = self.skin_unifi

        gen_mode = self.gen_mode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "image_input": image_input,
            }
        )
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if gpen is not UNSET:
            field_dict["gpen"] = gpen
        if skin is not UNSET:
            field_dict["skin"] = skin
        if skin_unifi is not UNSET:
            field_dict["skin_unifi"] = skin_unifi
        if gen_mode is not UNSET:
            field_dict["gen_mode"] = gen_mode

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"PortraitSubmitRequest: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        image_input = check_json_type(
            d.pop("image_input"), "str", "image_input", optional=False
        )

        width = check_json_type(d.pop("width", UNSET), "int", "width", optional=True)

        height = check_json_type(d.pop("height", UNSET), "int", "height", optional=True)

        gpen = check_json_type(d.pop("gpen", UNSET), "float", "gpen", optional=True)

        skin = check_json_type(d.pop("skin", UNSET), "float", "skin", optional=True)

        skin_unifi = check_json_type(
            d.pop("skin_unifi", UNSET), "float", "skin_unifi", optional=True
        )

        gen_mode = check_json_type(
            d.pop("gen_mode", UNSET), "str", "gen_mode", optional=True
        )

        portrait_submit_request = cls(
            image_input=image_input,
            width=width,
            height=height,
            gpen=gpen,
            skin=skin,
            skin_unifi=skin_unifi,
            gen_mode=gen_mode,
        )

        portrait_submit_request.additional_properties = d
        return portrait_submit_request

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
