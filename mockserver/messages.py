"""The one table of the mock's error messages, in English, Chinese and Japanese.

302.AI's error body carries `message`, `message_cn` and `message_jp`, and its
front-ends show the last two to Chinese and Japanese users, so each message the mock
builds exists in all three languages. Code raises `MockError(status, KEY, field,
**params)` with a key of this table; the error builder fills the three templates.
A field name and user-supplied values are never translated, only the words around them.
"""

# Chinese and Japanese are written with their own full-width commas, colons and brackets.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple


@dataclass(frozen=True)
class Template:
    en: str
    cn: str
    jp: str


class Localized(NamedTuple):
    """One text in the three languages. A NamedTuple rather than a frozen dataclass:
    every error answer builds one, and a frozen dataclass sets each field through
    object.__setattr__."""

    en: str
    cn: str
    jp: str


# What Starlette's CORS refusal names ("Disallowed CORS origin, method"), in each language.
CORS_REFUSED = {
    "origin": Localized("origin", "来源", "オリジン"),
    "method": Localized("method", "方法", "メソッド"),
    "headers": Localized("headers", "请求头", "ヘッダー"),
    "private-network": Localized(
        "private network access", "私有网络访问", "プライベートネットワークアクセス"
    ),
}

# How a message about one field names it, in each language.
_FIELD = Template("{field}: {message}", "字段 {field}：{message}", "フィールド {field}: {message}")

_MULTIPART_EN = "malformed multipart body: "
_MULTIPART_CN = "multipart 请求体格式错误："
_MULTIPART_JP = "multipart ボディの形式が正しくありません: "

TEMPLATES: dict[str, Template] = {
    # Authentication and content negotiation.
    "auth.missing": Template(
        "missing API key: send 'Authorization: Bearer sk-...'",
        "缺少 API Key：请发送 'Authorization: Bearer sk-...'",
        "API キーがありません: 'Authorization: Bearer sk-...' を送信してください",
    ),
    "auth.malformed": Template(
        "malformed Authorization header: use 'Bearer <API key>'",
        "Authorization 请求头格式错误：请使用 'Bearer <API key>'",
        "Authorization ヘッダーの形式が正しくありません: 'Bearer <API key>' を使用してください",
    ),
    "auth.invalid": Template("invalid API key", "API Key 无效", "API キーが無効です"),
    "content_type.unsupported": Template(
        "unsupported Content-Type {shown}: use {accepted}",
        "不支持的 Content-Type {shown}：请使用 {accepted}",
        "サポートされていない Content-Type {shown}: {accepted} を使用してください",
    ),
    "cors.refused": Template(
        "CORS preflight refused: {what} not allowed (the mock allows the --cors-origin ones)",
        "CORS 预检请求被拒绝：不允许的{what}（只允许 --cors-origin 指定的来源）",
        "CORS プリフライトが拒否されました: 許可されていない{what}（--cors-origin のみ許可）",
    ),
    "content_type.missing": Template(
        "the request has no Content-Type header: use {accepted}",
        "请求缺少 Content-Type 请求头：请使用 {accepted}",
        "リクエストに Content-Type ヘッダーがありません: {accepted} を使用してください",
    ),
    "content_type.charset": Template(
        "unsupported charset {charset}: use utf-8",
        "不支持的字符集 {charset}：请使用 utf-8",
        "サポートされていない文字コード {charset}: utf-8 を使用してください",
    ),
    # The Prefer header.
    "prefer.too_long": Template(
        "the Prefer header is longer than {limit} characters",
        "Prefer 请求头超过 {limit} 个字符",
        "Prefer ヘッダーが {limit} 文字を超えています",
    ),
    "prefer.unreadable": Template(
        "Prefer: cannot read {item}; use key=value",
        "Prefer：无法解析 {item}；请使用 key=value",
        "Prefer: {item} を解析できません。key=value の形式を使用してください",
    ),
    "prefer.unknown_key": Template(
        "Prefer: unknown preference {preference}; known: {known}",
        "Prefer：未知的偏好 {preference}；已知：{known}",
        "Prefer: 不明な設定 {preference}。既知の設定: {known}",
    ),
    "prefer.bad_number": Template(
        "Prefer: {preference} must be a whole number from {low} to {high}",
        "Prefer：{preference} 必须是 {low} 到 {high} 之间的整数",
        "Prefer: {preference} は {low} から {high} までの整数でなければなりません",
    ),
    "prefer.unknown_example": Template(
        "Prefer: no example named {name}; known: {known}",
        "Prefer：没有名为 {name} 的示例；已知示例：{known}",
        "Prefer: {name} という名前の例はありません。既知の例: {known}",
    ),
    "prefer.unknown_example_for_code": Template(
        "Prefer: no example named {name} for code {code}; known: {known}",
        "Prefer：状态码 {code} 没有名为 {name} 的示例；已知示例：{known}",
        "Prefer: ステータスコード {code} に {name} という名前の例はありません。既知の例: {known}",
    ),
    "prefer.undocumented_code": Template(
        "Prefer: code {code} is not documented here: {documented}",
        "Prefer：此接口未记录状态码 {code}：{documented}",
        "Prefer: ステータスコード {code} はここでは文書化されていません: {documented}",
    ),
    # Reading the body.
    "body.bad_content_length": Template(
        "Content-Length is not a number",
        "Content-Length 不是数字",
        "Content-Length が数値ではありません",
    ),
    "body.too_large": Template(
        "request body is larger than {limit} bytes",
        "请求体超过 {limit} 字节",
        "リクエストボディが {limit} バイトを超えています",
    ),
    "body.disconnected": Template(
        "the client went away before sending the whole body",
        "客户端在发送完整请求体之前断开了连接",
        "クライアントがボディ全体を送信する前に切断しました",
    ),
    "body.timeout": Template(
        "the body was not received within {seconds} s",
        "未在 {seconds} 秒内收到请求体",
        "{seconds} 秒以内にボディを受信できませんでした",
    ),
    "http.head_timeout": Template(
        "the request line and headers were not received within {seconds} s",
        "未在 {seconds} 秒内收到请求行和请求头",
        "{seconds} 秒以内にリクエスト行とヘッダーを受信できませんでした",
    ),
    "http.head_too_large": Template(
        "the request line and headers are larger than {limit} bytes",
        "请求行和请求头超过 {limit} 字节",
        "リクエスト行とヘッダーが {limit} バイトを超えています",
    ),
    "http.malformed": Template(
        "the request is not valid HTTP/1.1",
        "该请求不是有效的 HTTP/1.1 请求",
        "リクエストが有効な HTTP/1.1 ではありません",
    ),
    "body.empty": Template(
        "the request body is empty; send a JSON object",
        "请求体为空；请发送一个 JSON 对象",
        "リクエストボディが空です。JSON オブジェクトを送信してください",
    ),
    "body.not_object": Template(
        "the JSON body must be an object, not {kind}",
        "JSON 请求体必须是对象，而不是 {kind}",
        "JSON ボディはオブジェクトでなければなりません（{kind} は不可）",
    ),
    # JSON text (the body, or a JSON string field such as req_json).
    "json.not_utf8": Template(
        "the body is not valid UTF-8 ({reason} at byte {start})",
        "请求体不是有效的 UTF-8（第 {start} 字节：{reason}）",
        "ボディが有効な UTF-8 ではありません（{start} バイト目: {reason}）",
    ),
    "json.syntax": Template(
        "not valid JSON: {reason} at line {line} column {column}",
        "不是有效的 JSON：第 {line} 行第 {column} 列：{reason}",
        "有効な JSON ではありません: {line} 行 {column} 列: {reason}",
    ),
    "json.beyond_double": Template(
        "the number {number} is beyond the range of a double (about ±1.8e308)",
        "数字 {number} 超出了双精度浮点数的范围（约 ±1.8e308）",
        "数値 {number} は倍精度浮動小数点数の範囲（約 ±1.8e308）を超えています",
    ),
    "number.too_many_digits": Template(
        "the number {number} has more than {limit} digits",
        "数字 {number} 超过 {limit} 位",
        "数値 {number} の桁数が {limit} を超えています",
    ),
    "json.constant": Template(
        "not valid JSON: {name} is no JSON value",
        "不是有效的 JSON：{name} 不是 JSON 值",
        "有効な JSON ではありません: {name} は JSON の値ではありません",
    ),
    "json.invalid": Template(
        "not valid JSON: {reason}",
        "不是有效的 JSON：{reason}",
        "有効な JSON ではありません: {reason}",
    ),
    "json.lone_surrogate": Template(
        "not valid JSON text: {code} is half of a UTF-16 surrogate pair, with no other half",
        "不是有效的 JSON 文本：{code} 是 UTF-16 代理对的一半，缺少另一半",
        "有効な JSON テキストではありません: {code} は UTF-16 サロゲートペアの片方だけです",
    ),
    "json.too_deep": Template(
        "not valid JSON: nested too deeply",
        "不是有效的 JSON：嵌套过深",
        "有効な JSON ではありません: ネストが深すぎます",
    ),
    "json.deeper_than": Template(
        "nested deeper than {limit} levels",
        "嵌套超过 {limit} 层",
        "ネストが {limit} 階層を超えています",
    ),
    # Multipart.
    "multipart.repeated": Template(
        "the field is sent more than once",
        "该字段被发送了多次",
        "このフィールドが複数回送信されています",
    ),
    "multipart.not_utf8": Template(
        "is not valid UTF-8 text", "不是有效的 UTF-8 文本", "有効な UTF-8 テキストではありません"
    ),
    "multipart.not_integer": Template(
        "{value} is not an integer", "{value} 不是整数", "{value} は整数ではありません"
    ),
    "multipart.not_number": Template(
        "{value} is not a number", "{value} 不是数字", "{value} は数値ではありません"
    ),
    "multipart.no_boundary": Template(
        _MULTIPART_EN + "the Content-Type has no boundary",
        _MULTIPART_CN + "Content-Type 中没有 boundary",
        _MULTIPART_JP + "Content-Type に boundary がありません",
    ),
    "multipart.too_many_parts": Template(
        _MULTIPART_EN + "more than {limit} parts",
        _MULTIPART_CN + "超过 {limit} 个部分",
        _MULTIPART_JP + "パートが {limit} 個を超えています",
    ),
    "multipart.no_name": Template(
        _MULTIPART_EN + "a part has no form-data name",
        _MULTIPART_CN + "有一个部分没有 form-data 名称",
        _MULTIPART_JP + "form-data の name がないパートがあります",
    ),
    "multipart.unparsable": Template(
        _MULTIPART_EN + "{reason}", _MULTIPART_CN + "{reason}", _MULTIPART_JP + "{reason}"
    ),
    # multipart.unparsable's {reason}s (multipart.py), filled in by localize().
    "multipart.why.boundary_too_long": Template(
        "the boundary is longer than {limit} characters",
        "boundary 超过 {limit} 个字符",
        "boundary が {limit} 文字を超えています",
    ),
    "multipart.why.no_boundary_line": Template(
        "no line of the body is the boundary its Content-Type names",
        "请求体中没有一行是 Content-Type 指定的 boundary",
        "Content-Type が示す boundary の行がボディにありません",
    ),
    "multipart.why.text_after_boundary": Template(
        "a boundary line has text after the boundary",
        "boundary 行在 boundary 之后还有文字",
        "boundary 行の boundary の後に文字があります",
    ),
    "multipart.why.boundary_after_bare_line_end": Template(
        "a line before the first boundary line is the boundary after a bare CR or LF",
        "第一个 boundary 行之前有一行是单独的 CR 或 LF 之后的 boundary",
        "最初の boundary 行の前に、単独の CR または LF の後の boundary 行があります",
    ),
    "multipart.why.headers_too_long": Template(
        "a part's headers are longer than {limit} bytes",
        "某个部分的头部超过 {limit} 字节",
        "パートのヘッダーが {limit} バイトを超えています",
    ),
    "multipart.why.bare_line_end": Template(
        "a header line holds a bare CR or LF",
        "某个头部行含有单独的 CR 或 LF",
        "ヘッダー行に単独の CR または LF があります",
    ),
    "multipart.why.no_colon": Template(
        "a header line has no colon",
        "某个头部行没有冒号",
        "ヘッダー行にコロンがありません",
    ),
    "multipart.why.bad_header_name": Template(
        "a header name is empty or holds a character a token may not",
        "某个头部名称为空，或含有 token 中不允许的字符",
        "ヘッダー名が空か、token に使えない文字を含んでいます",
    ),
    "multipart.unterminated": Template(
        _MULTIPART_EN + "it ends before the closing boundary",
        _MULTIPART_CN + "在结束 boundary 之前就结束了",
        _MULTIPART_JP + "終端の boundary の前で終わっています",
    ),
    # Schema validation, one per JSON Schema keyword the spec uses.
    "schema.required": Template(
        '"{property}" is a required property',
        '缺少必填字段 "{property}"',
        '必須フィールド "{property}" がありません',
    ),
    "schema.type": Template(
        "{value} is not of type {types}",
        "{value} 的类型不是 {types}",
        "{value} は {types} 型ではありません",
    ),
    "schema.enum": Template(
        "{value} is not one of {options}",
        "{value} 不是允许的值之一：{options}",
        "{value} は許可された値 {options} のいずれでもありません",
    ),
    "schema.maximum": Template(
        "{value} is greater than the maximum of {limit}",
        "{value} 大于最大值 {limit}",
        "{value} は最大値 {limit} を超えています",
    ),
    "schema.minimum": Template(
        "{value} is less than the minimum of {limit}",
        "{value} 小于最小值 {limit}",
        "{value} は最小値 {limit} 未満です",
    ),
    "schema.empty": Template("must not be empty", "不能为空", "空にすることはできません"),
    "schema.min_length": Template(
        "{value} is shorter than {limit} characters",
        "{value} 短于 {limit} 个字符",
        "{value} は {limit} 文字より短いです",
    ),
    "schema.max_length": Template(
        "{value} is longer than {limit} characters",
        "{value} 长于 {limit} 个字符",
        "{value} は {limit} 文字より長いです",
    ),
    "schema.pattern": Template(
        "{value} does not match {pattern}",
        "{value} 不符合格式 {pattern}",
        "{value} は形式 {pattern} に一致しません",
    ),
    "schema.additional": Template(
        "additional properties are not allowed ({unexpected} was unexpected)",
        "不允许的附加字段：{unexpected}",
        "追加のフィールドは許可されていません: {unexpected}",
    ),
    "schema.invalid": Template("{reason}", "值无效（{reason}）", "値が無効です（{reason}）"),
    # The request's image.
    "image.not_link_or_data_uri": Template(
        "must be a public http(s) link or a data:image/...;base64, URI",
        "必须是可公开访问的 http(s) 链接，或 data:image/...;base64, 格式的 URI",
        "公開された http(s) リンク、または data:image/...;base64, 形式の URI が必要です",
    ),
    "image.bad_url": Template(
        "not a valid URL ({reason})",
        "不是有效的 URL（{reason}）",
        "有効な URL ではありません（{reason}）",
    ),
    "image.scheme": Template(
        "must be a publicly accessible http(s) link or a data:image/...;base64, URI",
        "必须是可公开访问的 http(s) 链接或 data:image/...;base64, URI",
        "公開されている http(s) リンクか data:image/...;base64, URI でなければなりません",
    ),
    "image.no_host": Template(
        "the link has no host", "链接中没有主机名", "リンクにホストがありません"
    ),
    "image.bad_ip": Template(
        "the link's host {host} is neither a name nor a valid IP address",
        "链接的主机 {host} 既不是域名，也不是有效的 IP 地址",
        "リンクのホスト {host} はホスト名でも有効な IP アドレスでもありません",
    ),
    "image.not_public": Template(
        "the link must be publicly accessible, not {host}",
        "链接必须可公开访问，不能是 {host}",
        "リンクは公開されている必要があります（{host} は不可）",
    ),
    "image.data_uri_prefix": Template(
        "a data URI must start with data:image/<type>;base64,",
        "data URI 必须以 data:image/<type>;base64, 开头",
        "data URI は data:image/<type>;base64, で始まる必要があります",
    ),
    "image.bad_base64": Template(
        "invalid base64 ({reason})", "base64 无效（{reason}）", "base64 が無効です（{reason}）"
    ),
    "image.type_mismatch": Template(
        "the data URI says {declared} but the bytes are {actual}",
        "data URI 声明为 {declared}，但内容是 {actual}",
        "data URI は {declared} と宣言していますが、内容は {actual} です",
    ),
    "image.empty": Template("the image is empty", "图片为空", "画像が空です"),
    "image.too_many_pixels": Template(
        "the image is {width}x{height}, over {limit} pixels",
        "图片为 {width}x{height}，超过 {limit} 像素",
        "画像は {width}x{height} で、{limit} ピクセルを超えています",
    ),
    "image.bomb": Template(
        "the image is too large to decode ({reason})",
        "图片过大，无法解码（{reason}）",
        "画像が大きすぎてデコードできません（{reason}）",
    ),
    "image.invalid": Template(
        "not a valid {formats} image",
        "不是有效的 {formats} 图片",
        "有効な {formats} 画像ではありません",
    ),
    # The mock's image links.
    "image_link.unknown": Template(
        "no image named {name}", "没有名为 {name} 的图片", "{name} という名前の画像はありません"
    ),
    "image_link.size": Template(
        "image size must be 1 to {limit} pixels a side",
        "图片每边必须为 1 到 {limit} 像素",
        "画像の各辺は 1 から {limit} ピクセルでなければなりません",
    ),
    "image_link.unknown_parameter": Template(
        "unknown image parameter {name}", "未知的图片参数 {name}", "不明な画像パラメーター {name}"
    ),
    "image_link.parameter_too_long": Template(
        "image parameters are limited to {limit} characters",
        "图片参数最多 {limit} 个字符",
        "画像パラメーターは {limit} 文字までです",
    ),
    "image_link.position": Template(
        "pos must be one of {allowed}",
        "pos 必须是 {allowed} 之一",
        "pos は {allowed} のいずれかでなければなりません",
    ),
    # Scripted portrait tasks (POST /_mock/tasks).
    "tasks.one_of": Template(
        "must be one of {allowed}",
        "必须是 {allowed} 之一",
        "{allowed} のいずれかでなければなりません",
    ),
    "tasks.number_range": Template(
        "must be a number from {low} to {high}",
        "必须是 {low} 到 {high} 之间的数字",
        "{low} から {high} までの数値でなければなりません",
    ),
    "tasks.integer_range": Template(
        "must be a whole number from {low} to {high}",
        "必须是 {low} 到 {high} 之间的整数",
        "{low} から {high} までの整数でなければなりません",
    ),
    "tasks.task_id": Template(
        "must be a non-empty string of at most {limit} characters",
        "必须是不超过 {limit} 个字符的非空字符串",
        "{limit} 文字以内の空でない文字列でなければなりません",
    ),
    "tasks.task_id_taken": Template(
        "task {task_id} already exists",
        "任务 {task_id} 已存在",
        "タスク {task_id} はすでに存在します",
    ),
    "tasks.unknown_field": Template(
        "unknown field; known: {known}",
        "未知字段；已知字段：{known}",
        "不明なフィールドです。既知のフィールド: {known}",
    ),
    # Routing, and the mock's own failure.
    "route.not_found": Template(
        "{method} {path}: Not Found", "{method} {path}：未找到", "{method} {path}: 見つかりません"
    ),
    "route.method_not_allowed": Template(
        "{method} {path}: Method Not Allowed",
        "{method} {path}：不允许使用此请求方法",
        "{method} {path}: このメソッドは許可されていません",
    ),
    # The proxy (`ai302-mock proxy`): its own answers when it does not relay upstream's.
    "proxy.upstream_timeout": Template(
        "the upstream did not answer within {seconds} s (--upstream-timeout)",
        "上游服务未在 {seconds} 秒内响应（--upstream-timeout）",
        "上流サーバーが {seconds} 秒以内に応答しませんでした（--upstream-timeout）",
    ),
    "proxy.upstream_lost": Template(
        "the upstream's answer was lost: {detail}",
        "上游服务的响应丢失：{detail}",
        "上流サーバーの応答が失われました: {detail}",
    ),
    "proxy.paid_cap": Template(
        "not sent upstream: {operation} is paid (x-paid) and this proxy's --max-paid-calls"
        " {cap} is used up ({forwarded} forwarded). Restart it with a higher"
        " --max-paid-calls to pay for more.",
        "未转发到上游：{operation} 是付费接口（x-paid），本代理的 --max-paid-calls {cap}"
        " 已用完（已转发 {forwarded} 次）。"
        "如需更多付费调用，请用更大的 --max-paid-calls 重新启动。",
        "上流に送信していません: {operation} は有料（x-paid）で、このプロキシの --max-paid-calls"
        " {cap} を使い切りました（転送済み {forwarded} 件）。さらに有料で呼び出すには、"
        "より大きい --max-paid-calls で再起動してください。",
    ),
    "proxy.not_an_operation": Template(
        "{method} {path}: not an operation of the spec; it forwards only the spec's operations",
        "{method} {path}：不是规范中的接口；代理只转发规范中的接口",
        "{method} {path}: 仕様にないオペレーションです。"
        "プロキシは仕様のオペレーションだけを転送します",
    ),
    "mock.bug": Template(
        "the mock hit an unexpected error (a bug: please report it)",
        "模拟服务器发生意外错误（这是缺陷，请报告）",
        "モックサーバーで予期しないエラーが発生しました（不具合です。報告してください）",
    ),
}


def localize(key: str, params: Mapping[str, object], field: str | None = None) -> Localized:
    """The three texts of `key`, with `params` filled in and `field` named first."""
    if field:
        texts = _with_field(key)
        params = {**params, "field": field}
    else:
        template = TEMPLATES[key]
        texts = (template.en, template.cn, template.jp)
    # A loop, not any(<generator>): this runs on every error answer.
    for value in params.values():
        if isinstance(value, Localized):
            return Localized(
                *(text.format_map(_in_language(params, n)) for n, text in enumerate(texts))
            )
    return Localized(
        texts[0].format_map(params), texts[1].format_map(params), texts[2].format_map(params)
    )


@cache
def _with_field(key: str) -> tuple[str, str, str]:
    """The template of `key` inside the field wrapper (_FIELD), made on first use: one
    str.format per language on each error about a field, not two."""
    template = TEMPLATES[key]
    texts = (template.en, template.cn, template.jp)
    wrappers = (_FIELD.en, _FIELD.cn, _FIELD.jp)
    if any("{field}" in text for text in texts):
        raise ValueError(f"template {key!r} names {{field}}, which the field wrapper fills")
    en, cn, jp = (w.replace("{message}", text) for w, text in zip(wrappers, texts, strict=True))
    return en, cn, jp


def _in_language(params: Mapping[str, object], language: int) -> Mapping[str, object]:
    """The params, each Localized one (a library's reason: library_reason) in the
    language of the text being filled: 0 English, 1 Chinese, 2 Japanese."""
    return {
        name: value[language] if isinstance(value, Localized) else value
        for name, value in params.items()
    }


# Reasons a library words in English (the stdlib's JSON parser and UTF-8 codec, the
# base64 decoders, urlsplit, Pillow, httpx in the proxy), for a template's {reason}. A
# reason not in the table stays in `message` only: message_cn and message_jp say so in
# their own language rather than carry an English sentence. Each row: the reason as the
# library words it (a regex), then Chinese and Japanese, which name its groups {0}, {1}...
_REASONS: list[tuple[str, str, str]] = [
    # json.JSONDecodeError.msg, Python 3.11 to 3.13
    (r"Expecting value", "此处应为一个值", "値が必要です"),
    (
        r"Expecting property name enclosed in double quotes",
        "此处应为用双引号括起的属性名",
        "ダブルクォートで囲んだプロパティ名が必要です",
    ),
    (r"Expecting ':' delimiter", "此处应为分隔符 ':'", "区切り文字 ':' が必要です"),
    (r"Expecting ',' delimiter", "此处应为分隔符 ','", "区切り文字 ',' が必要です"),
    (r"Unterminated string starting at", "字符串没有结束", "文字列が終わっていません"),
    (r"Invalid control character (.*)at", "无效的控制字符 {0}", "無効な制御文字です {0}"),
    (r"Invalid \\escape", "无效的转义序列", "無効なエスケープシーケンスです"),
    (r"Invalid \\uXXXX escape", "无效的 \\uXXXX 转义", "無効な \\uXXXX エスケープです"),
    (r"Extra data", "JSON 值之后还有多余的数据", "JSON の値の後に余分なデータがあります"),
    (
        r"Unexpected UTF-8 BOM \(decode using utf-8-sig\)",
        "开头有 UTF-8 BOM，请去掉",
        "先頭に UTF-8 BOM があります。取り除いてください",
    ),
    (
        r"Illegal trailing comma before end of (object|array)",
        "结束前有多余的逗号",
        "終わりの前に余分なカンマがあります",
    ),
    # UnicodeDecodeError.reason, UTF-8
    (r"invalid start byte", "无效的起始字节", "無効な先頭バイトです"),
    (r"invalid continuation byte", "无效的后续字节", "無効な継続バイトです"),
    (r"unexpected end of data", "数据意外结束", "データが途中で終わっています"),
    # binascii.Error, from pybase64 or binascii
    (r"Non-base64 digit found", "含有非 base64 字符", "base64 以外の文字が含まれています"),
    (r"Incorrect padding", "填充不正确", "パディングが正しくありません"),
    (r"Only base64 data is allowed", "只允许 base64 数据", "base64 データのみ使用できます"),
    (
        r"Excess data after padding",
        "填充之后还有多余的数据",
        "パディングの後に余分なデータがあります",
    ),
    (r"Leading padding not allowed", "不允许以填充开头", "先頭にパディングは使用できません"),
    (r"Discontinuous padding not allowed", "填充不连续", "パディングが連続していません"),
    (
        r"Invalid base64-encoded string: number of data characters \((\d+)\) cannot be 1 more"
        r" than a multiple of 4",
        "无效的 base64 字符串：数据字符数 {0} 不能比 4 的倍数多 1",
        "無効な base64 文字列です: データ文字数 {0} は 4 の倍数より 1 多くできません",
    ),
    # ValueError from urllib.parse.urlsplit
    (r"Invalid IPv6 URL", "无效的 IPv6 URL", "無効な IPv6 URL です"),
    (
        r"An IPv4 address cannot be in brackets",
        "IPv4 地址不能放在方括号中",
        "IPv4 アドレスは角括弧で囲めません",
    ),
    (
        r"(.*) does not appear to be an IPv4 or IPv6 address",
        "{0} 不像是 IPv4 或 IPv6 地址",
        "{0} は IPv4 または IPv6 アドレスではないようです",
    ),
    # The proxy's lost upstream answers (proxy._describe): an httpx error's class, then its text
    (r"ConnectError: .*", "无法连接到上游服务", "上流サーバーに接続できません"),
    (
        r"RemoteProtocolError: .*",
        "上游服务未按 HTTP 协议应答（例如未响应就断开了连接）",
        "上流サーバーが HTTP どおりに応答しませんでした（応答せずに切断したなど）",
    ),
    (r"(?:Read|Write)Error: .*", "与上游服务的连接中断", "上流サーバーとの接続が途切れました"),
    (
        r"_TooLarge: larger than (\d+) bytes \(--max-response-bytes\)",
        "上游响应超过 {0} 字节（--max-response-bytes）",
        "上流の応答が {0} バイトを超えています（--max-response-bytes）",
    ),
    # PIL.Image.DecompressionBombError and its warning
    (
        r"Image size \((\d+) pixels\) exceeds limit of (\d+) pixels, could be decompression"
        r" bomb DOS attack\.",
        "图片大小 {0} 像素，超过上限 {1} 像素，可能是解压炸弹攻击",
        "画像サイズ {0} ピクセルが上限 {1} ピクセルを超えています（解凍爆弾攻撃の可能性）",
    ),
]


@cache
def _reason_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    # Compiled on the first error that needs them, not at import: ~2.6 ms of start-up.
    return [(re.compile(pattern), cn, jp) for pattern, cn, jp in _REASONS]


UNKNOWN_CN = "原因见英文的 message 字段"
UNKNOWN_JP = "理由は英語の message フィールドを参照してください"


def library_reason(reason: str) -> Localized:
    """A library's English reason with its Chinese and Japanese, for a template's
    {reason}. Groups (a number, a quoted value) are carried over unchanged."""
    for pattern, cn, jp in _reason_patterns():
        match = pattern.fullmatch(reason)
        if match is not None:
            groups = [group.strip() for group in match.groups()]
            return Localized(reason, cn.format(*groups).strip(), jp.format(*groups).strip())
    return Localized(reason, UNKNOWN_CN, UNKNOWN_JP)
