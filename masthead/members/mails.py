"""The mails a member gets: the sign-in link, the address-change link, a
receipt for each payment, and the warning that a renewal failed. Sent by
the task queue, so a slow mail server never holds a reader's request."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from masthead.core.models import MagazineSettings

from .models import Member, Payment


def _send(to: str, kind: str, subject: str, context: dict) -> None:
    context = {
        **context,
        "publication": MagazineSettings.load().publication_name,
        "site_url": settings.SITE_URL,
        "account_url": f"{settings.SITE_URL}/account/",
    }
    message = EmailMultiAlternatives(
        subject=subject.format(**context),
        body=render_to_string(f"members/mail/{kind}.txt", context),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"members/mail/{kind}.html", context), "text/html")
    message.send()


@task()
def send_sign_in(member_id: int, link: str) -> None:
    member = Member.objects.select_related("subscriber").filter(pk=member_id).first()
    if member is not None:
        minutes = settings.SESAME_MAX_AGE // 60
        _send(
            member.email, "sign_in", "Your sign-in link for {publication}", {"link": link, "minutes": minutes}
        )


@task()
def send_email_change(member_id: int, new_email: str, link: str) -> None:
    if Member.objects.filter(pk=member_id).exists():
        hours = settings.MEMBERS_EMAIL_CHANGE_HOURS
        _send(
            new_email,
            "email_change",
            "Confirm your new address at {publication}",
            {"link": link, "hours": hours},
        )


@task()
def send_receipt(payment_id: int) -> None:
    payment = Payment.objects.select_related("member__subscriber").filter(pk=payment_id).first()
    if payment is not None and payment.member is not None:
        _send(payment.member.email, "receipt", "Your receipt from {publication}", {"payment": payment})


@task()
def send_payment_failed(member_id: int) -> None:
    member = Member.objects.select_related("subscriber", "tier").filter(pk=member_id).first()
    if member is not None:
        context = {"member": member, "days": settings.MEMBERS_GRACE_DAYS}
        _send(member.email, "payment_failed", "Your membership payment did not go through", context)


def receipt(payment_id: int) -> None:
    send_receipt.enqueue(payment_id)


def payment_failed(member_id: int) -> None:
    send_payment_failed.enqueue(member_id)
