from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from ai302_runtime.checks import SchemaMismatch, check_json_type
from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.portrait_submit_data import PortraitSubmitData


T = TypeVar("T", bound="PortraitSubmitResponse")


@_attrs_define
class PortraitSubmitResponse:
    """The answer to a submit; poll `data.task_id`.

    Attributes:
        code (int): 10000 is success.
        data (None | PortraitSubmitData): The created task. Null when `code` is not 10000.
        message (str):
        request_id (str):
        status (int):
        time_elapsed (str):
    """

    code: int
    data: None | PortraitSubmitData
    message: str
    request_id: str
    status: int
    time_elapsed: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: only the fields that are set."""
        from ..models.portrait_submit_data import PortraitSubmitData

        code = self.code

        data: dict[str, Any] | None
        if isinstance(self.data, PortraitSubmitData):
            data = self.data.to_dict()
        else:
            data = self.data

        message = self.message

        request_id = self.request_id

        status = self.status

        time_elapsed = self.time_elapsed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "data": data,
                "message": message,
                "request_id": request_id,
                "status": status,
                "time_elapsed": time_elapsed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Parse a JSON object; a value that breaks the spec raises SchemaMismatch."""
        from ..models.portrait_submit_data import PortraitSubmitData

        if not isinstance(src_dict, Mapping):
            raise SchemaMismatch(
                f"PortraitSubmitResponse: expected an object, got {type(src_dict).__name__}"
            )
        d = dict(src_dict)
        code = check_json_type(d.pop("code"), "int", "code", optional=False)

        def _parse_data(data: object) -> None | PortraitSubmitData:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise SchemaMismatch("data: not a PortraitSubmitData")
                data_type_0 = PortraitSubmitData.from_dict(data)

                return data_type_0
            # A spec mismatch: try the next type. A TypeError or AttributeError is a bug: raised.
            except (ValueError, KeyError):
                pass
            return cast(
                None | PortraitSubmitData, check_json_type(data, "None", "data")
            )

        data = _parse_data(d.pop("data"))

        message = check_json_type(d.pop("message"), "str", "message", optional=False)

        request_id = check_json_type(
            d.pop("request_id"), "str", "request_id", optional=False
        )

        status = check_json_type(d.pop("status"), "int", "status", optional=False)

        time_elapsed = check_json_type(
            d.pop("time_elapsed"), "str", "time_elapsed", optional=False
        )

        portrait_submit_response = cls(
            code=code,
            data=data,
            message=message,
            request_id=request_id,
            status=status,
            time_elapsed=time_elapsed,
        )

        portrait_submit_response.additional_properties = d
        return portrait_submit_response

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
