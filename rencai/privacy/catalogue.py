"""The data catalogue: every model that holds personal information about a user.

One entry per model says what the data is (shown in the privacy centre), why it is held,
how a row leads to its person (``owner_path``), which retention rule applies, which
fields a copy (PI-12) contains, and what erasure does to it (PI-15, PI-19, RET-06).
``tests/test_catalogue.py`` fails when a model with a link to a user is neither listed
here nor in ``NOT_PERSONAL`` with a reason, so a new table cannot be forgotten by the
export or the erasure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Erase(StrEnum):
    """What erasure of a user does to the rows of one entry."""

    # Rows are deleted.
    DELETE = "delete"
    # Personal fields (``personal_fields``) are blanked; the row stays for others' records.
    ANONYMISE = "anonymise"
    # The legally required subset goes to the restricted archive, then the row is
    # anonymised (RET-01: service records and postings for 3 years).
    ARCHIVE = "archive"
    # Kept as evidence for its retention period (consent ledger, rights requests; RET-07);
    # the user row it points to is anonymised, so it no longer identifies anyone.
    KEEP = "keep"


class Section(StrEnum):
    """The groups of the privacy centre's "what we hold" page."""

    ACCOUNT = "account"
    IDENTITY = "identity"
    SECURITY = "security"
    CONSENTS = "consents"
    RESUME = "resume"
    APPLICATIONS = "applications"
    MESSAGES = "messages"
    NOTIFICATIONS = "notifications"
    EMPLOYER = "employer"
    PRIVACY = "privacy"


SECTION_LABELS: dict[Section, Promise] = {
    Section.ACCOUNT: _("Account"),
    Section.IDENTITY: _("Real-name and face verification"),
    Section.SECURITY: _("Sign-in and security records"),
    Section.CONSENTS: _("Consents"),
    Section.RESUME: _("Resumes"),
    Section.APPLICATIONS: _("Applications and invitations"),
    Section.MESSAGES: _("Messages and interviews"),
    Section.NOTIFICATIONS: _("Notifications and saved searches"),
    Section.EMPLOYER: _("Work for an organisation"),
    Section.PRIVACY: _("Privacy requests and settings"),
}


@dataclass(frozen=True)
class CatalogueEntry:
    """One model holding personal information.

    ``owner_path`` is the ORM lookup from the model to the user (``"owner"``,
    ``"resume__owner"``); ``fields`` are the columns a copy contains (encrypted fields are
    exported decrypted, except ``masked_fields`` which are exported masked);
    ``personal_fields`` are blanked by ``Erase.ANONYMISE`` and ``Erase.ARCHIVE``;
    ``archive_fields`` are what ``Erase.ARCHIVE`` keeps; ``correct_url`` is the page where
    the user corrects the data (a URL name).
    """

    model: str
    section: Section
    label: Promise
    purpose: Promise
    owner_path: str
    retention: str
    fields: tuple[str, ...]
    erase: Erase
    personal_fields: tuple[str, ...] = ()
    archive_fields: tuple[str, ...] = ()
    masked_fields: tuple[str, ...] = ()
    correct_url: str = ""
    since_field: str = "created_at"


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "accounts.User",
        Section.ACCOUNT,
        _("Account details (mobile number, e-mail, display name, birth date, language)"),
        _("To let you sign in, contact you about your account and apply the age rules."),
        "pk",
        "account",
        (
            "display_name",
            "phone",
            "email",
            "birth_date",
            "birth_date_source",
            "preferred_language",
            "date_joined",
            "last_login",
            "real_name_status",
            "real_name",
            "id_number",
            "id_document_type",
            "real_name_verified_at",
            "face_verified_at",
            "sms_second_factor",
        ),
        Erase.ANONYMISE,
        personal_fields=(
            "display_name",
            "phone",
            "email",
            "birth_date",
            "real_name",
            "id_number",
        ),
        masked_fields=("id_number",),
        correct_url="accounts:security",
        since_field="date_joined",
    ),
    CatalogueEntry(
        "accounts.RoleGrant",
        Section.ACCOUNT,
        _("Your roles on the platform"),
        _("To decide which functions you may use."),
        "user",
        "account",
        ("role", "created_at", "revoked_at"),
        Erase.DELETE,
        correct_url="accounts:roles",
    ),
    CatalogueEntry(
        "accounts.RealNameCheck",
        Section.IDENTITY,
        _("Results of real-name checks (never the ID number in clear)"),
        _("Real-name verification required for recruiting and for some services."),
        "user",
        "security_log",
        ("created_at", "outcome", "provider"),
        Erase.DELETE,
        correct_url="accounts:real_name",
    ),
    CatalogueEntry(
        "accounts.FaceCheck",
        Section.IDENTITY,
        _("Results of face checks (a score and a hash; the photo is never stored)"),
        _("Face verification of recruiters and of people asking to act for an organisation."),
        "user",
        "security_log",
        ("created_at", "outcome", "score", "provider"),
        Erase.DELETE,
        correct_url="accounts:face",
    ),
    CatalogueEntry(
        "accounts.GuardianLink",
        Section.IDENTITY,
        _("Your guardian's name and mobile number (seekers aged 16 and 17)"),
        _("The law requires a guardian's consent for seekers under 18."),
        "minor",
        "account",
        ("guardian_name", "guardian_phone", "relationship", "status", "confirmed_at"),
        Erase.DELETE,
        correct_url="accounts:guardian",
    ),
    CatalogueEntry(
        "accounts.UserSession",
        Section.SECURITY,
        _("Sign-in history: time, IP address and device"),
        _("Network-security law requires keeping sign-in logs for at least 6 months."),
        "user",
        "security_log",
        ("created_at", "ip", "user_agent", "method", "ended_at", "end_reason"),
        Erase.KEEP,
        correct_url="accounts:security",
    ),
    CatalogueEntry(
        "accounts.ApiToken",
        Section.SECURITY,
        _("API tokens you created (names and dates only)"),
        _("To let your own programs use the API."),
        "user",
        "account",
        ("name", "prefix", "created_at", "expires_at", "revoked_at"),
        Erase.DELETE,
        correct_url="accounts:security",
    ),
    CatalogueEntry(
        "privacy.ConsentRecord",
        Section.CONSENTS,
        _("Every consent you gave or withdrew, with the version of the text"),
        _("Proof of what you agreed to and when (kept 3 years as evidence)."),
        "user",
        "consent_ledger",
        ("created_at", "purpose", "document_version", "granted", "channel", "ip"),
        Erase.KEEP,
        correct_url="privacy:centre",
    ),
    CatalogueEntry(
        "privacy.PrivacySettings",
        Section.PRIVACY,
        _("Your privacy switches and your instruction for after your death"),
        _("To respect your choices."),
        "user",
        "account",
        ("talent_insight", "show_activity_status", "posthumous_instruction", "updated_at"),
        Erase.DELETE,
        correct_url="privacy:centre",
    ),
    CatalogueEntry(
        "privacy.RightsRequest",
        Section.PRIVACY,
        _("Your requests to exercise your rights and our answers"),
        _("To answer them within 15 working days and keep proof that we did (3 years)."),
        "subject",
        "rights_request",
        (
            "reference",
            "kind",
            "state",
            "received_at",
            "due_date",
            "completed_at",
            "details",
            "response",
            "refusal_reason",
        ),
        Erase.KEEP,
        correct_url="privacy:requests",
        since_field="received_at",
    ),
    CatalogueEntry(
        "privacy.DataExport",
        Section.PRIVACY,
        _("Copies of your data prepared for download"),
        _("To give you a copy when you ask (deleted after 7 days)."),
        "user",
        "data_export",
        ("created_at", "audience", "status", "finished_at", "expires_at", "download_count"),
        Erase.DELETE,
        correct_url="privacy:requests",
    ),
    CatalogueEntry(
        "privacy.PiAccessRecord",
        Section.SECURITY,
        _("Records of platform staff reading your personal information"),
        _("Staff access to personal information is logged and reviewable (security law)."),
        "subject",
        "security_log",
        ("created_at", "accessor_role", "purpose", "categories"),
        Erase.KEEP,
        correct_url="privacy:centre",
    ),
    CatalogueEntry(
        "privacy.RetentionNotice",
        Section.PRIVACY,
        _("Notices that inactive data will be anonymised"),
        _("To warn you 30 days before data of an inactive account is anonymised."),
        "user",
        "account",
        ("created_at", "category", "due_on", "cancelled_at", "applied_at"),
        Erase.DELETE,
        correct_url="privacy:centre",
    ),
    CatalogueEntry(
        "notifications.Notification",
        Section.NOTIFICATIONS,
        _("Notifications sent to you"),
        _("To tell you about your applications, interviews and account."),
        "recipient",
        "notification",
        ("created_at", "kind", "category", "params", "url", "read_at", "channels"),
        Erase.DELETE,
        correct_url="notifications:preferences",
    ),
    CatalogueEntry(
        "notifications.NotificationPreference",
        Section.NOTIFICATIONS,
        _("How you want to be notified"),
        _("To send notices only through the channels you chose."),
        "user",
        "account",
        ("category", "site", "email", "sms"),
        Erase.DELETE,
        correct_url="notifications:preferences",
    ),
    CatalogueEntry(
        "search.SavedSearch",
        Section.NOTIFICATIONS,
        _("Saved job searches and alerts"),
        _("To send you new jobs that match."),
        "owner",
        "account",
        ("created_at", "name", "query", "frequency", "by_email", "last_sent_at"),
        Erase.DELETE,
        correct_url="search:saved_searches",
    ),
    CatalogueEntry(
        "resumes.Resume",
        Section.RESUME,
        _("Your resumes: contact details, job intentions, education, work and skills"),
        _("To let you apply, and to let employers find you if you allowed it."),
        "owner",
        "resume",
        (
            "title",
            "language",
            "is_primary",
            "visibility",
            "full_name",
            "phone",
            "email",
            "city",
            "work_status",
            "available_from",
            "intended_categories",
            "intended_cities",
            "employment_types",
            "pay_min",
            "pay_max",
            "skills",
            "languages",
            "links",
            "self_assessment",
            "ethnicity",
            "hukou_division",
            "political_status",
            "highest_education",
            "experience_months",
            "created_at",
            "updated_at",
        ),
        Erase.DELETE,
        correct_url="resumes:list",
    ),
    CatalogueEntry(
        "resumes.ResumeEntry",
        Section.RESUME,
        _("Education, work and project entries of your resumes"),
        _("Part of your resume."),
        "resume__owner",
        "resume",
        ("kind", "position", "organisation", "title", "degree", "start", "end", "description"),
        Erase.DELETE,
        correct_url="resumes:list",
    ),
    CatalogueEntry(
        "resumes.ResumeAttachment",
        Section.RESUME,
        _("Files attached to your resumes and the text read from them"),
        _("Part of your resume."),
        "resume__owner",
        "resume",
        ("title", "created_at", "extracted_text"),
        Erase.DELETE,
        correct_url="resumes:list",
    ),
    CatalogueEntry(
        "resumes.HiddenOrganisation",
        Section.RESUME,
        _("Companies your resume is hidden from"),
        _("To keep your resume away from the companies you chose."),
        "owner",
        "resume",
        ("uscc", "name", "created_at"),
        Erase.DELETE,
        correct_url="resumes:hidden",
    ),
    CatalogueEntry(
        "resumes.ResumeView",
        Section.RESUME,
        _("Which organisations viewed or downloaded your resume"),
        _("To show you who viewed you; part of the service record (3 years)."),
        "seeker",
        "service_record",
        ("created_at", "kind", "source"),
        Erase.ARCHIVE,
        archive_fields=("created_at", "kind", "source", "organisation_id", "posting_id"),
        correct_url="resumes:views",
    ),
    CatalogueEntry(
        "applications.Application",
        Section.APPLICATIONS,
        _("Your applications, the resume you sent and the consent you gave each employer"),
        _("To run the recruitment you asked for; service records are kept 3 years (Order 44)."),
        "seeker",
        "service_record",
        (
            "created_at",
            "status",
            "source",
            "snapshot",
            "cover_note",
            "consent_recipient",
            "consent_categories",
            "consented_at",
            "rejection_reason",
            "rejection_message",
            "closed_at",
        ),
        Erase.ARCHIVE,
        personal_fields=("snapshot", "cover_note"),
        archive_fields=(
            "created_at",
            "status",
            "source",
            "posting_id",
            "organisation_id",
            "consent_recipient",
            "consent_recipient_uscc",
            "consent_categories",
            "consent_text_hash",
            "consented_at",
            "rejection_reason",
            "closed_at",
        ),
        correct_url="applications:mine",
    ),
    CatalogueEntry(
        "applications.ApplyInvitation",
        Section.APPLICATIONS,
        _("Invitations to apply that employers sent you"),
        _("To let you accept or decline them."),
        "seeker",
        "service_record",
        ("created_at", "message", "status", "responded_at", "expires_at"),
        Erase.ARCHIVE,
        personal_fields=("message",),
        archive_fields=("created_at", "status", "organisation_id", "posting_id", "responded_at"),
        correct_url="applications:invitations",
    ),
    CatalogueEntry(
        "messaging.Conversation",
        Section.MESSAGES,
        _("Your conversations with employers"),
        _("To let you talk with employers; part of the service record (3 years)."),
        "seeker",
        "service_record",
        ("created_at", "last_message_at", "blocked_by", "blocked_at"),
        Erase.ARCHIVE,
        archive_fields=("created_at", "organisation_id", "application_id", "last_message_at"),
        correct_url="messaging:inbox",
    ),
    CatalogueEntry(
        "messaging.Message",
        Section.MESSAGES,
        _("Messages you sent and received"),
        _("Part of the service record (3 years)."),
        "conversation__seeker",
        "service_record",
        ("created_at", "side", "body", "read_at"),
        Erase.ARCHIVE,
        personal_fields=("body", "attachment"),
        archive_fields=("created_at", "side", "conversation_id", "body_hash"),
        correct_url="messaging:inbox",
    ),
    CatalogueEntry(
        "messaging.Interview",
        Section.MESSAGES,
        _("Interviews you were invited to"),
        _("To arrange interviews; part of the service record (3 years)."),
        "application__seeker",
        "service_record",
        ("created_at", "round", "mode", "address", "status", "starts_at", "seeker_note"),
        Erase.ARCHIVE,
        personal_fields=("seeker_note",),
        archive_fields=("created_at", "round", "mode", "status", "starts_at", "application_id"),
        correct_url="messaging:seeker_interviews",
    ),
    CatalogueEntry(
        "messaging.VirtualNumber",
        Section.MESSAGES,
        _("Virtual numbers used for calls between you and employers"),
        _("To connect calls without showing your real number."),
        "conversation__seeker",
        "security_log",
        ("created_at", "number", "expires_at", "released_at"),
        Erase.DELETE,
        correct_url="messaging:inbox",
    ),
    CatalogueEntry(
        "moderation.Report",
        Section.MESSAGES,
        _("Reports you made to trust & safety (postings, organisations, messages, people)"),
        _("To handle your reports and tell you the outcome; moderation records are kept 3 years."),
        "reporter",
        "moderation_record",
        (
            "received_at",
            "reference",
            "category",
            "details",
            "status",
            "due_date",
            "closed_at",
        ),
        Erase.KEEP,
        correct_url="moderation_reports:mine",
        since_field="received_at",
    ),
    CatalogueEntry(
        "moderation.ReportCase",
        Section.MESSAGES,
        _("Reports about your account or your content, and their outcome"),
        _(
            "To handle complaints (who reported is not disclosed); moderation records are "
            "kept 3 years."
        ),
        "subject_user",
        "moderation_record",
        ("created_at", "target_kind", "status", "account_review", "outcome", "decided_at"),
        Erase.KEEP,
        correct_url="privacy:centre",
    ),
    CatalogueEntry(
        "orgs.Membership",
        Section.EMPLOYER,
        _("Organisations you work for on the platform, with your title"),
        _("To let you recruit for them."),
        "user",
        "service_record",
        ("created_at", "role", "title", "status", "ended_at", "end_reason"),
        Erase.ARCHIVE,
        personal_fields=("title",),
        archive_fields=("created_at", "organisation_id", "role", "status", "ended_at"),
        correct_url="orgs:home",
    ),
    CatalogueEntry(
        "orgs.JoinRequest",
        Section.EMPLOYER,
        _("Requests you made to join an organisation"),
        _("To let the organisation's administrator decide."),
        "user",
        "account",
        ("created_at", "message", "status", "decided_at"),
        Erase.DELETE,
        correct_url="orgs:home",
    ),
    CatalogueEntry(
        "orgs.EmailChallenge",
        Section.EMPLOYER,
        _("Company e-mail addresses you confirmed"),
        _("One way to prove that you work for an organisation."),
        "user",
        "account",
        ("created_at", "email", "domain", "verified_at"),
        Erase.DELETE,
        correct_url="orgs:home",
    ),
    CatalogueEntry(
        "reviews.EmployerReview",
        Section.APPLICATIONS,
        _("Reviews and ratings you wrote about organisations and headhunters"),
        _(
            "To publish your review (as an anonymous job seeker unless you chose otherwise) "
            "and to handle reports about it."
        ),
        "author",
        "account",
        (
            "created_at",
            "kind",
            "score_overall",
            "score_interview",
            "score_honesty",
            "score_professionalism",
            "score_responsiveness",
            "text",
            "display_text",
            "anonymous",
            "status",
            "screening_findings",
            "published_at",
            "removed_at",
            "removal_reasons",
            "removal_note",
        ),
        Erase.ANONYMISE,
        personal_fields=("text", "display_text", "screening_findings", "anonymous"),
        correct_url="reviews:mine",
    ),
    CatalogueEntry(
        "sanctions.Sanction",
        Section.ACCOUNT,
        _("Measures the platform took on your account (warnings, restrictions, suspensions)"),
        _(
            "To enforce the platform rules, tell you why and let you appeal; moderation "
            "records are kept 3 years."
        ),
        "user",
        "moderation_record",
        (
            "starts_at",
            "kind",
            "rule",
            "reason",
            "ends_at",
            "status",
            "acknowledged_at",
            "ended_at",
            "end_reason",
        ),
        Erase.KEEP,
        correct_url="sanctions:mine",
        since_field="starts_at",
    ),
    CatalogueEntry(
        "sanctions.SanctionNotice",
        Section.ACCOUNT,
        _("Notices of measures sent to you, with the appeal deadline"),
        _("To tell you the reason for a measure and how to appeal."),
        "recipient",
        "moderation_record",
        ("created_at", "reason", "appeal_url", "appeal_until"),
        Erase.KEEP,
        correct_url="sanctions:mine",
    ),
    CatalogueEntry(
        "sanctions.Appeal",
        Section.ACCOUNT,
        _("Your appeals against measures, and their decisions"),
        _("To review the measure; moderation records are kept 3 years."),
        "appellant",
        "moderation_record",
        ("created_at", "statement", "status", "decided_at", "decision_reason"),
        Erase.KEEP,
        correct_url="sanctions:mine",
    ),
    CatalogueEntry(
        "risk.RiskAssessment",
        Section.ACCOUNT,
        _("Fraud-risk scores of your account, their factors and a person's review"),
        _(
            "To detect fraud and protect job seekers (activity counts, reports, sanctions); "
            "a person reviews high scores before any measure; kept 3 years as moderation "
            "records."
        ),
        "user",
        "moderation_record",
        ("computed_at", "score", "level", "signals", "review_outcome", "reviewed_at"),
        Erase.KEEP,
        # An explanation or a person's review on request (PI-16, ALG-02).
        correct_url="privacy:requests",
        since_field="computed_at",
    ),
)

# Models that link to a user but hold no personal information *about that user* — the link
# records who acted (an operator, a recruiter), and erasure anonymises the user row it
# points to. Each has its reason; the catalogue test reads this map.
NOT_PERSONAL: dict[str, str] = {
    "privacy.LegalDocument": "published_by: the operator who published a public text",
    "files.StoredFile": "owner: exported and erased through the entry that references the file",
    "orgs.Organisation": "created_by: the organisation's own record, not the person's",
    "orgs.OrgDocument": "uploaded_by: the organisation's verification evidence",
    "orgs.VerificationRequest": "submitted_by/decided_by: the organisation's verification case",
    "orgs.IndependentCheck": "performed_by: the operator who checked",
    "orgs.DisplayNotice": "issued_by: the operator who issued a notice",
    "moderation.AbnormalListEntry": "listed_by/lifted_by: the operator's decision",
    "inspection.InspectionAccess": "user: the regulator's official accesses (REG-02 access log)",
    "moderation.ReportStatusUpdate": "author: the operator who wrote to the reporters",
    "moderation.CaseSanction": "linked_by: the operator who imposed a sanction from a case",
    "jobs.JobPostingVersion": "submitted_by/decided_by: the posting's record (kept 3 years)",
    "jobs.PostingEvent": "actor: who changed a posting (posting record, 3 years)",
    "jobs.ScreeningRuleSet": "created_by: the operator who wrote a rule set",
    "applications.StageChange": "actor: the recruiter who moved an application",
    "applications.ApplicationNote": "author: a recruiter's note, the organisation's record",
    "messaging.Scorecard": "interviewer: a recruiter's assessment, the organisation's record",
    "privacy.SelfInspection": "conducted_by: the operator who ran the inspection",
    "privacy.SelfInspectionFinding": "owner: the operator responsible for a remediation",
    "privacy.BulkExportRequest": "requested_by/decided_by: operators' approval record",
    "privacy.RetentionRun": "started_by: the operator who started a retention run",
    "audit.LegalHold": "placed_by/released_by: the operator who placed a hold",
    "core.ServiceEndNotice": "announced_by/withdrawn_by: the operator behind a public notice",
    "core.RegistrationChange": "recorded_by/submitted_by: the operator's filing record",
    "reviews.ReviewReply": "author: the organisation's public reply, written for it by staff",
    "sanctions.AuthorityReport": "submitted_by: the operator who recorded a submission",
}


def entry_for(model_label: str) -> CatalogueEntry | None:
    """The catalogue entry of a model (``"resumes.Resume"``), if it has one."""
    return next((entry for entry in CATALOGUE if entry.model == model_label), None)
