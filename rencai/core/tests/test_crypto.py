"""Field encryption at rest, blind indexes, key rotation and masking (IDV-01, SEC-02)."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from rencai.accounts.models import User
from rencai.core import crypto
from rencai.core.masking import mask_email, mask_id_number, mask_name, mask_phone

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()


def test_round_trip_and_context_binding() -> None:
    stored = crypto.encrypt("13800138000", context="accounts.User.phone")
    assert stored.startswith("enc1$")
    assert "13800138000" not in stored
    assert crypto.decrypt(stored, context="accounts.User.phone") == "13800138000"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, context="accounts.User.id_number")


def test_same_value_encrypts_differently_each_time() -> None:
    one = crypto.encrypt("x", context="c")
    two = crypto.encrypt("x", context="c")
    assert one != two


def test_tampered_ciphertext_is_rejected() -> None:
    stored = crypto.encrypt("secret", context="c")
    prefix, key_id, token = stored.split("$")
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}${key_id}${flipped}", context="c")


def test_blind_index_is_deterministic_and_context_specific() -> None:
    assert crypto.blind_index("v", context="phone") == crypto.blind_index("v", context="phone")
    assert crypto.blind_index("v", context="phone") != crypto.blind_index("v", context="email")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "is empty"),
        ("k1:not-base64!", "not valid base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "32 bytes"),
        (f"k1:{KEY_A},k1:{KEY_B}", "appears twice"),
        (f"bad-id:{KEY_A}", "letters and digits"),
    ],
)
def test_malformed_key_lists_are_refused(spec: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.parse_keys(spec, setting="FIELD_ENCRYPTION_KEYS")


def test_bare_key_gets_an_id() -> None:
    assert list(crypto.parse_keys(KEY_A, setting="X")) == ["k1"]


def _raw_row(user: User) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, id_number, real_name FROM accounts_user WHERE id = %s",
            [user.pk.hex if connection.vendor == "sqlite" else user.pk],
        )
        row = cursor.fetchone()
    return row


def test_phone_and_id_number_are_not_plaintext_in_the_database(alice: User) -> None:
    phone, id_number, real_name = _raw_row(alice)
    assert phone.startswith("enc1$") and "13800138001" not in phone
    assert id_number.startswith("enc1$") and "110105199805120020" not in id_number
    assert real_name.startswith("enc1$") and "王爱丽" not in real_name
    fresh = User.objects.get(pk=alice.pk)
    assert fresh.phone == "+8613800138001"
    assert fresh.id_number == "110105199805120020"
    assert fresh.masked_id_number == "1101**********0020"
    assert fresh.masked_phone == "138****8001"


def test_key_rotation_reencrypts_and_keeps_lookups_working(alice: User, settings) -> None:
    old_keys = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = {"new": base64.b64decode(KEY_B), **old_keys}
    old_blind = settings.BLIND_INDEX_KEYS
    settings.BLIND_INDEX_KEYS = {"new": base64.b64decode(KEY_A), **old_blind}
    from rencai.accounts.queries import find_user_by_phone

    assert find_user_by_phone("+8613800138001") == alice  # old index still found
    call_command("rotate_field_encryption")
    phone, id_number, _name = _raw_row(alice)
    assert crypto.key_id_of(phone) == "new" and crypto.key_id_of(id_number) == "new"
    settings.FIELD_ENCRYPTION_KEYS = {"new": base64.b64decode(KEY_B)}
    settings.BLIND_INDEX_KEYS = {"new": base64.b64decode(KEY_A)}
    fresh = User.objects.get(pk=alice.pk)
    assert fresh.id_number == "110105199805120020"
    assert find_user_by_phone("+8613800138001") == alice


@pytest.mark.parametrize(
    ("value", "masked"),
    [("+8613812345678", "138****5678"), ("13812345678", "138****5678")],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


def test_mask_id_name_email() -> None:
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_name("张三") == "张**"
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("") == ""
    assert mask_email("carol@agency.example") == "c***@agency.example"
