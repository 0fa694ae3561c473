from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from ai302_runtime.inputs import (
    coerce_enum,
)
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.headshot_style import HeadshotStyle
from ..models.person_type import PersonType
from ..types import UNSET, Unset

T = TypeVar("T", bound="HeadshotOptions")


def _person_type_input(value: PersonType | str) -> PersonType:
    return coerce_enum(PersonType, value, "person_type")


def _style_input(value: HeadshotStyle | int | Unset) -> HeadshotStyle | Unset:
    if isinstance(value, Unset):
        return value
    return coerce_enum(HeadshotStyle, value, "style")


@_attrs_define
class HeadshotOptions:
    """The fields of a headshot request other than `image`, shared by both content types.

    Attributes:
        person_type (PersonType): The kind of person in the photo.
        style (HeadshotStyle | Unset): Preset style id. Ignored when `custom_prompt` is not empty.
            1 Comic, 2 Line Art, 3 Impressionism, 4 Clay, 5 Watercolor, 6 Cyberpunk,
            7 Elf, 8 Clown, 9 Robot, 10 Vampire, 11 Zombie, 12 Low Poly,
            13 Retro Portrait, 14 Ancient Style, 15 Cartoon Illustration,
            16 Pencil Sketch, 17 Steampunk.
        custom_prompt (str | Unset): User-defined prompt. If it has a value, `style` is ignored.
        num (int | Unset): Number of avatars to generate, 1 to 4. Values outside the supported
            range will be treated as 1.
             Default: 1.
        width (int | Unset): Avatar width in pixels, 256 to 1036. Values outside the supported
            range will be treated as 1024.
             Default: 1024.
        height (int | Unset): Avatar height in pixels, 256 to 1036. Default 768, but values outside
            the supported range will be treated as 1024 (as the page says: the
            replacement is not the default).
             Default: 768.
        model (str | Unset): The language model used to optimize the avatar prompt. Default: 'gpt-4.1'.
    """

    person_type: PersonType = _attrs_field(converter=_person_type_input)
    style: HeadshotStyle | Unset = _attrs_field(default=UNSET, converter=_style_input)
    custom_prompt: str | Unset = UNSET
    num: int | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    model: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        person_type = self.person_type.value

        style: int | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.value

        custom_prompt = self.custom_prompt

        num = self.num

        width = self.width

        height = self.height

        model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "person_type": person_type,
            }
        )
        if style is not UNSET:
            field_dict["style"] = style
        if custom_prompt is not UNSET:
            field_dict["custom_prompt"] = custom_prompt
        if num is not UNSET:
            field_dict["num"] = num
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"HeadshotOptions: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        person_type = PersonType(d.pop("person_type"))

        _style = d.pop("style", UNSET)
        style: HeadshotStyle | Unset
        if isinstance(_style, Unset):
            style = UNSET
        else:
            style = HeadshotStyle(_style)

        custom_prompt = check_json_type(
            d.pop("custom_prompt", UNSET), "str", "custom_prompt", optional=True
        )

        num = check_json_type(d.pop("num", UNSET), "int", "num", optional=True)

        width = check_json_type(d.pop("width", UNSET), "int", "width", optional=True)

        height = check_json_type(d.pop("height", UNSET), "int", "height", optional=True)

        model = check_json_type(d.pop("model", UNSET), "str", "model", optional=True)

        headshot_options = cls(
            person_type=person_type,
            style=style,
            custom_prompt=custom_prompt,
            num=num,
            width=width,
            height=height,
            model=model,
        )

        headshot_options.additional_properties = d
        return headshot_options

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
