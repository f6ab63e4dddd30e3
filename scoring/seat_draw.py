"""A seat draw (抽签) anyone can check afterwards: commit, draw, reveal, verify.

1. ``new_seed()`` makes a secret seed; ``seed_commitment(seed)`` (SHA-256 of the seed's hex text,
   so ``echo -n SEED | sha256sum`` checks it) is shown and printed before the draw.
2. Optionally a public input is fixed in the room after the commitment (digits read out by a
   contestant representative). Mixing it in means whoever made the seed could not have tried
   seeds until one gave a wanted seating: the commitment stops changing the seed afterwards, the
   public input stops choosing it beforehand.
3. ``draw_seats`` shuffles the seats with Fisher–Yates driven by HMAC-SHA256(seed) in counter
   mode, drawing indices by rejection sampling so every seating is equally likely.
4. After unsealing the seed is revealed and ``verify_draw`` recomputes everything.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

SEED_BYTES = 32
_DOMAIN = b"contest-engine/seat-draw/v1"
_SEED_PATTERN = re.compile(r"[0-9a-f]{64}")


def new_seed() -> str:
    return secrets.token_hex(SEED_BYTES)


def normalise_seed(seed: str) -> str:
    text = seed.strip().lower()
    if not _SEED_PATTERN.fullmatch(text):
        raise ValueError("抽签种子应为64位十六进制字符（0-9、a-f）")
    return text


def seed_commitment(seed: str) -> str:
    return hashlib.sha256(normalise_seed(seed).encode("ascii")).hexdigest()


class _ByteStream:
    """Deterministic pseudo-random bytes: HMAC-SHA256(seed, domain ‖ public input ‖ counter)."""

    def __init__(self, seed: str, public_input: str) -> None:
        self._key = bytes.fromhex(normalise_seed(seed))
        # Fixed-length counter last and NUL-framed input keep every message unambiguous.
        self._prefix = _DOMAIN + b"\0" + public_input.encode("utf-8") + b"\0"
        self._counter = 0
        self._buffer = b""

    def read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            message = self._prefix + self._counter.to_bytes(8, "big")
            self._buffer += hmac.new(self._key, message, hashlib.sha256).digest()
            self._counter += 1
        chunk, self._buffer = self._buffer[:count], self._buffer[count:]
        return chunk


def uniform_below(bound: int, read: Callable[[int], bytes]) -> int:
    """A uniform integer in [0, bound): mask to the bits ``bound - 1`` needs and redraw values
    that fall outside, because ``value % bound`` would favour the small numbers."""
    if bound < 1:
        raise ValueError("bound must be positive")
    bits = (bound - 1).bit_length()
    while True:
        candidate = int.from_bytes(read((bits + 7) // 8), "big") & ((1 << bits) - 1)
        if candidate < bound:
            return candidate


def shuffled(items: Sequence[str], read: Callable[[int], bytes]) -> list[str]:
    result = list(items)
    for last in range(len(result) - 1, 0, -1):
        chosen = uniform_below(last + 1, read)
        result[last], result[chosen] = result[chosen], result[last]
    return result


def seat_labels(count: int, prefix: str = "", width: int = 2) -> list[str]:
    """``01`` … ``NN`` (or ``A01`` …); widened when ``count`` needs more digits so that every
    label has the same length."""
    digits = max(width, len(str(count)))
    return [f"{prefix}{number:0{digits}d}" for number in range(1, count + 1)]


def canonical_order(contestant_ids: Iterable[str]) -> list[str]:
    """The draw's contestant order: sorted exam numbers, so a verifier needs only the list of
    contestants, in whatever order it was printed."""
    ordered = sorted(contestant_ids)
    repeated = sorted(cid for cid, count in Counter(ordered).items() if count > 1)
    if repeated:
        raise ValueError(f"选手名单中有重复：{'、'.join(repeated)}")
    return ordered


def draw_seats(seed: str, contestant_ids: Iterable[str], seats: Sequence[str],
               *, public_input: str = "") -> dict[str, str]:
    """Each contestant to a seat. There may be more seats than contestants (spare seats); the
    whole seat list is shuffled and handed out in canonical contestant order."""
    contestants = canonical_order(contestant_ids)
    if len(set(seats)) != len(seats):
        raise ValueError("赛位号有重复")
    if len(seats) < len(contestants):
        raise ValueError(f"赛位数（{len(seats)}）少于选手人数（{len(contestants)}）")
    return dict(zip(contestants, shuffled(seats, _ByteStream(seed, public_input).read),
                    strict=False))


@dataclass(frozen=True)
class DrawVerification:
    ok: bool
    #: Chinese; names the first problem found.
    message: str


def verify_draw(seed: str, commitment: str, contestant_ids: Iterable[str],
                seats: Sequence[str], published_mapping: Mapping[str, str],
                *, public_input: str = "") -> DrawVerification:
    try:
        if seed_commitment(seed) != commitment.strip().lower():
            return DrawVerification(False, "抽签种子与抽签前公示的承诺值不一致，种子可能已被更换")
        expected = draw_seats(seed, contestant_ids, seats, public_input=public_input)
    except ValueError as error:
        return DrawVerification(False, f"无法重算抽签结果：{error}")
    problem = _first_mismatch(expected, published_mapping)
    if problem:
        return DrawVerification(False, problem)
    return DrawVerification(True, f"验证通过：{len(expected)}名选手的赛位与按种子重算的结果一致")


def _first_mismatch(expected: Mapping[str, str], published: Mapping[str, str]) -> str | None:
    for contestant, seat in expected.items():
        if contestant not in published:
            return f"公布结果中缺少选手 {contestant}（应为赛位 {seat}）"
        if published[contestant] != seat:
            return f"选手 {contestant} 的赛位应为 {seat}，公布结果为 {published[contestant]}"
    extra = sorted(set(published) - set(expected))
    return f"公布结果中的选手 {extra[0]} 不在抽签名单中" if extra else None


def normalise_seat_label(label: str | None) -> str:
    """Typed from a paper slip: full-width digits and stray spaces are the usual slips."""
    return unicodedata.normalize("NFKC", label or "").strip()


def validate_manual_seats(mapping: Mapping[str, str | None], allowed_labels: Iterable[str],
                          contestant_ids: Iterable[str] | None = None) -> list[str]:
    """Problems with a paper-slip draw typed in by the organizer, in Chinese; empty when fine.
    With ``contestant_ids`` (the checked-in list) also who is missing or not on the list."""
    allowed = set(allowed_labels)
    errors: list[str] = []
    holders: dict[str, list[str]] = {}
    for contestant in sorted(mapping):
        label = normalise_seat_label(mapping[contestant])
        if not label:
            errors.append(f"选手 {contestant} 未填写赛位号")
        elif label not in allowed:
            errors.append(f"选手 {contestant} 的赛位号 {label} 不在本场赛位中")
        else:
            holders.setdefault(label, []).append(contestant)
    errors += [f"赛位号 {label} 重复分配给：{'、'.join(names)}"
               for label, names in sorted(holders.items()) if len(names) > 1]
    if contestant_ids is not None:
        listed = set(contestant_ids)
        errors += [f"选手 {cid} 没有赛位号" for cid in sorted(listed - set(mapping))]
        errors += [f"选手 {cid} 不在检录名单中" for cid in sorted(set(mapping) - listed)]
    return errors
