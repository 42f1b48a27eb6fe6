"""``manage.py seed_demo``: create the demo personas once (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rencai.testing.jobs import demo_postings
from rencai.testing.orgs import ORG_SEEDS, build_org
from rencai.testing.personas import DEMO_PASSWORD, PERSONAS, build


class Command(BaseCommand):
    help = (
        "Create the demo accounts (Alice, Yan, Bob, Dave, Carol, Oscar, Sam, Audrey, Rita, "
        "Dana, Tess) "
        "and the verified organisations of Bob, Dave and Carol."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for persona in PERSONAS:
            user = build(persona)
            sign_in = (
                f"{persona.email} / {DEMO_PASSWORD}"
                if persona.email
                else f"{persona.phone} + SMS code"
            )
            self.stdout.write(
                f"  {persona.key:<7} {user.display_name:<14} {sign_in:<40} {persona.note}"
            )
        for seed in ORG_SEEDS:
            org = build_org(seed)
            self.stdout.write(f"  {seed.key:<10} {org.legal_name} ({org.status}, {seed.owner.key})")
        postings = demo_postings()
        self.stdout.write(f"  {len(postings)} published job postings")
        from rencai.testing.resumes import demo_resumes

        resumes = demo_resumes()
        self.stdout.write(f"  {len(resumes)} resumes (Alice: visible to employers; Yan: invisible)")
        from rencai.testing.applications import demo_applications

        applications = demo_applications()
        self.stdout.write(f"  {len(applications)} application: Alice → Bob's job, at 面试")
        from rencai.testing.messaging import demo_messaging

        demo_messaging()
        self.stdout.write("  a conversation and an interview invitation: Bob → Alice")
        from rencai.testing.privacy import demo_privacy

        privacy = demo_privacy()
        self.stdout.write(
            f"  privacy: Alice's correction request {privacy['request']} in Dana's queue, "
            "last year's self-inspection on record"
        )
        from rencai.testing.trust import demo_trust

        trust = demo_trust()
        self.stdout.write(
            f"  trust & safety: {len(trust.reports)} reports in Oscar's queue, Alice's review "
            "of company A, a warning to company B for Dave to acknowledge"
        )
        self.stdout.write(self.style.SUCCESS("demo data ready"))
