"""Choices of the jobs app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmploymentType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    INTERNSHIP = "internship", _("Internship")
    DISPATCH = "dispatch", _("Labour dispatch")
    FLEXIBLE = "flexible", _("Flexible employment")


class PayPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")
    PIECE = "piece", _("per piece")


class Education(models.TextChoices):
    ANY = "any", _("No requirement")
    JUNIOR_MIDDLE = "junior_middle", _("Junior middle school")
    HIGH_SCHOOL = "high_school", _("High school or secondary vocational")
    ASSOCIATE = "associate", _("Associate degree (大专)")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class Benefit(models.TextChoices):
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    PAID_LEAVE = "paid_leave", _("Paid annual leave")
    MEALS = "meals", _("Meals or meal allowance")
    HOUSING = "housing", _("Accommodation or housing allowance")
    TRANSPORT = "transport", _("Transport allowance")
    BONUS = "bonus", _("Year-end bonus")
    TRAINING = "training", _("Paid training")
    HEALTH_CHECK = "health_check", _("Annual health check")
    FLEXIBLE_HOURS = "flexible_hours", _("Flexible working hours")


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    TAKEN_DOWN = "taken_down", _("Taken down")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Being edited")
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewReason(models.TextChoices):
    """The controlled list of reasons a reviewer gives for rejecting or taking down."""

    DISCRIMINATION = "discrimination", _("Discriminatory requirement (gender, age, origin …)")
    FEES = "fees", _("Asks workers for fees, deposits or documents")
    DIVERSION = "diversion", _("Contact details or links that lead off the platform")
    FALSE_INFORMATION = "false_information", _("False or misleading information")
    BAIT = "bait", _("Bait: pay or promises that do not match the job")
    MISSING_INFORMATION = "missing_information", _("Required information is missing or unclear")
    WRONG_CATEGORY = "wrong_category", _("Title or category does not match the job")
    NOT_OWN_VACANCY = "not_own_vacancy", _("Not the organisation's own vacancy")
    MINORS = "minors", _("Unsuitable for or targets minors")
    OTHER = "other", _("Other (see the note)")


class EventKind(models.TextChoices):
    CREATED = "created", pgettext_lazy("posting event", "Created")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")
    TAKEN_DOWN = "taken_down", _("Taken down")
    REINSTATED = "reinstated", _("Reinstated after review")
