from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PortraitReqJsonAigcMeta")


@_attrs_define
class PortraitReqJsonAigcMeta:
    """Implicit AIGC metadata labels.

    Attributes:
        content_producer (str | Unset):
        producer_id (str | Unset):
        content_propagator (str | Unset):
        propagate_id (str | Unset):
    """

    content_producer: str | Unset = UNSET
    producer_id: str | Unset = UNSET
    content_propagator: str | Unset = UNSET
    propagate_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        content_producer = self.content_producer

        producer_id = self.producer_id

        content_propagator = self.content_propagator

        propagate_id = self.propagate_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if content_producer is not UNSET:
            field_dict["content_producer"] = content_producer
        if producer_id is not UNSET:
            field_dict["producer_id"] = producer_id
        if content_propagator is not UNSET:
            field_dict["content_propagator"] = content_propagator
        if propagate_id is not UNSET:
            field_dict["propagate_id"] = propagate_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"PortraitReqJsonAigcMeta: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        content_producer = check_json_type(
            d.pop("content_producer", UNSET), "str", "content_producer", optional=True
        )

        producer_id = check_json_type(
            d.pop("producer_id", UNSET), "str", "producer_id", optional=True
        )

        content_propagator = check_json_type(
            d.pop("content_propagator", UNSET),
            "str",
            "content_propagator",
            optional=True,
        )

        propagate_id = check_json_type(
            d.pop("propagate_id", UNSET), "str", "propagate_id", optional=True
        )

        portrait_req_json_aigc_meta = cls(
            content_producer=content_producer,
            producer_id=producer_id,
            content_propagator=content_propagator,
            propagate_id=propagate_id,
        )

        portrait_req_json_aigc_meta.additional_properties = d
        return portrait_req_json_aigc_meta

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
