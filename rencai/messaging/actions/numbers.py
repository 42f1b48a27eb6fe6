"""Protected call numbers (PI-07): an organisation member calls a temporary number that
the provider maps to the seeker's phone; the real number is never shown."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rencai.audit.actions import record_event
from rencai.core.actors import Actor, system_actor
from rencai.core.masking import mask_phone
from rencai.messaging.choices import Side
from rencai.messaging.errors import MessagingErrorCode, messaging_error
from rencai.messaging.models import Conversation, VirtualNumber
from rencai.messaging.queries import conversation_of
from rencai.providers.registry import provider
from rencai.providers.virtual_number.base import VirtualNumberError

logger = logging.getLogger(__name__)


def request_call_number(conversation: Conversation, *, actor: Actor) -> VirtualNumber:
    """A virtual number connecting the actor (an organisation member) with the seeker of
    an application, valid for ``VIRTUAL_NUMBER_TTL_MINUTES``. An unexpired number of the
    same caller and conversation is reused. Audited without either real number."""
    assert actor.user is not None
    conversation, party = conversation_of(actor.user, conversation.pk)
    if party.side != Side.ORGANISATION or conversation.application_id is None:
        raise messaging_error(MessagingErrorCode.NUMBER_APPLICATION_ONLY)
    if conversation.blocked_by:
        raise messaging_error(MessagingErrorCode.BLOCKED)
    now = timezone.now()
    current = VirtualNumber.objects.filter(
        conversation=conversation,
        caller=actor.user,
        released_at__isnull=True,
        expires_at__gt=now,
    ).first()
    if current is not None:
        return current
    caller_phone, seeker_phone = actor.user.phone, conversation.seeker.phone
    if not caller_phone or not seeker_phone:
        raise messaging_error(MessagingErrorCode.PHONE_MISSING)
    ttl = dt.timedelta(minutes=settings.VIRTUAL_NUMBER_TTL_MINUTES)
    try:
        allocation = provider("virtual_number").allocate(caller_phone, seeker_phone, ttl)
    except VirtualNumberError as exc:
        logger.warning("virtual number allocation failed")
        raise messaging_error(MessagingErrorCode.NUMBER_NOT_AVAILABLE) from exc
    with transaction.atomic():
        number = VirtualNumber.objects.create(
            conversation=conversation,
            caller=actor.user,
            number=allocation.number,
            provider=allocation.provider,
            provider_reference=allocation.reference,
            expires_at=allocation.expires_at,
        )
        record_event(
            actor,
            "messaging.virtual_number_allocated",
            number,
            after={
                "conversation": str(conversation.pk),
                "number": allocation.number,
                "caller": mask_phone(caller_phone),
                "seeker": mask_phone(seeker_phone),
                "expires_at": allocation.expires_at.isoformat(),
            },
        )
    return number


def release_expired_numbers(now: dt.datetime | None = None) -> int:
    """Release every expired number at the provider and mark it released."""
    moment = now or timezone.now()
    backend = provider("virtual_number")
    actor = system_actor()
    released = 0
    expired = VirtualNumber.objects.filter(released_at__isnull=True, expires_at__lte=moment)
    for number in list(expired):
        try:
            backend.release(number.provider_reference)
        except VirtualNumberError:
            logger.warning("virtual number release failed; will retry")
            continue
        with transaction.atomic():
            VirtualNumber.objects.filter(pk=number.pk).update(released_at=moment)
            record_event(
                actor, "messaging.virtual_number_released", number, after={"number": number.number}
            )
        released += 1
    return released
