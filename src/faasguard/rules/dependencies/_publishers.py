"""Accounts that publish well-known Lambda layers (reference data for FG-DEP-004).

AWS publishes its own extensions from per-region accounts; those layers are
as trusted as the Lambda service itself and are not reported.  The table is
not exhaustive: an AWS account missing here yields a LOW finding that can be
suppressed with a reason.  Sources: the CloudWatch Lambda Insights, AppConfig,
Parameters and Secrets extension, Powertools and ADOT layer ARN lists in the
AWS documentation and release notes (December 2026).
"""

from __future__ import annotations

__all__ = ["AWS_PUBLISHERS", "VENDORS"]


def _accounts(label: str, ids: str) -> dict[str, str]:
    return dict.fromkeys(ids.split(), label)


AWS_PUBLISHERS: dict[str, str] = {
    **_accounts("AWS Labs (Lambda Web Adapter)", "753240598075"),
    **_accounts(
        "AWS (CloudWatch Lambda Insights)",
        "580247275435 012438385374 519774774795 194566237122 891564319516 439286490199"
        " 488211338238 033019950311 339249233099 352183217350 732604637566 285320876703",
    ),
    **_accounts(
        "AWS (AppConfig extension)",
        "574348263942 630222743974 980059726660 826293736237 706869817123 554480029851"
        " 489524808438 421114256042 080788657173 418787028745 039592058896 615057806174"
        " 615084187847 066940009817 758369105281 646970417810 203683718741 586093569114"
        " 434848589818 282860088358 493207061005 662846165436 559955524753 000010852771"
        " 027255383542 728743619870 946561847325 946746059096 958113053741 359756378197",
    ),
    **_accounts(
        "AWS (Parameters and Secrets extension)",
        "177933569100 590474943231 997803712105 345057560386 317013901791 768336418462"
        " 490737872127 176022468876 576959938190 738900069198 044395824272 665172237481"
        " 133490724326 200266452380 287114880934 287310001119 187925254637 015030872274"
        " 133256977650 325218067255 780235371811 427196147048 832021897121 858974508948"
        " 933737806257 129776340158 127562683043",
    ),
    **_accounts("AWS (Powertools for AWS Lambda)", "017000801446 094274105915"),
    **_accounts(
        "AWS (Distro for OpenTelemetry)",
        "901920570463 615299751070 904233096616 888577020596 796973505492 039612877180"
        " 713881805771 156041407956 152034782359 980416031188",
    ),
}

#: Third-party vendors: reported (their code runs with the function's role), but named.
VENDORS: dict[str, str] = _accounts("Datadog", "464622532012 002406178527")
