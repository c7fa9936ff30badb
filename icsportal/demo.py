"""Demo static pages: About the ICS, the accessibility statement, the privacy notice
and contact details. Written for icsportal from the facts the ICS publishes."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

ABOUT = """
<p>The Leicester, Leicestershire and Rutland Integrated Care System (ICS) joins up the NHS,
the three upper-tier councils and the voluntary, community and social enterprise sector to
plan health and care for more than 1.1 million people.</p>
<h2>Aim</h2>
<p>A health and care system for Leicester, Leicestershire and Rutland that reduces
inequalities in health, improves people's health, wellbeing and experience of care, and
gives value for money.</p>
<h2>Purpose</h2>
<p>Partners work together so that everyone in Leicester, Leicestershire and Rutland can
lead a healthy and fulfilling life.</p>
<h2>Principles</h2>
<p>Partners have agreed to work with respect, trust and openness, and to:</p>
<ul>
<li>give everyone fair access to services and good outcomes;</li>
<li>take decisions that make good care possible, as close to people as they can;</li>
<li>design and run services with the people who use them;</li>
<li>make local health and care a good place to work and to volunteer;</li>
<li>pool resources for the best value, supporting the local economy and environment.</li>
</ul>
<h2>Four priorities</h2>
<ol>
<li><strong>Best start in life</strong>, from pregnancy to adulthood.</li>
<li><strong>Staying healthy and well</strong>, in safe and strong communities.</li>
<li><strong>Living and supported well</strong>, independently and involved in one's own care.</li>
<li><strong>Dying well</strong>, with personal, comfortable care and support for carers
and families.</li>
</ol>
<h2>Three levels</h2>
<ul>
<li><strong>Neighbourhood</strong>: 25 primary care networks, groups of GP practices each caring
for 30,000 to 50,000 patients with community, council and voluntary partners.</li>
<li><strong>Place</strong>: Leicester, Leicestershire and Rutland, where care alliances and the
three health and wellbeing boards plan services for local needs.</li>
<li><strong>System</strong>: the Integrated Care Board and its partners assess need, set
priorities and outcomes, and allocate funding.</li>
</ul>
<h2>Our population</h2>
<p>About 360,000 people live in the city of Leicester and 40,000 in Rutland. Leicester is
young and diverse; nearly 24% of Rutland's residents are over 65. Leicester ranks 32nd most
deprived of 317 local authority areas, while Rutland is more affluent than England as a
whole but faces inequalities of rurality and access. Around 70,000 people work in health and
care across the area.</p>
<h2>Governance</h2>
<p>The three clinical commissioning groups closed on 30 June 2022 and the Integrated Care
Board, a statutory NHS body, took on their functions on 1 July 2022. The Integrated Care
Partnership sets the system's strategy, informed by each place's joint strategic needs
assessment, and the health and wellbeing boards turn it into local action.</p>
<h2>The ICS in action</h2>
<ul>
<li><strong>Care homes</strong>: joint clinical discussions before a care home resident is sent
to hospital avoided 577 admissions, 2,885 bed days and 730 ambulance journeys in the first
period.</li>
<li><strong>Virtual wards</strong>: remote monitoring supported more than 900 patients in its
first year, over 700 of them with heart failure or COPD.</li>
<li><strong>Integrated Crisis Response Service</strong>: a 24-hour service reaching people who have
fallen within two hours; before Covid-19 only 8% of the 1,750 people helped each year in
Leicester needed hospital afterwards.</li>
</ul>
"""

ACCESSIBILITY = """
<p>This accessibility statement applies to this website. It is run by the
Leicester, Leicestershire and Rutland Integrated Care System. We want as many people as
possible to be able to use it. For example, that means you should be able to:</p>
<ul>
<li>change colours, contrast levels and fonts using browser or device settings;</li>
<li>zoom in up to 400% without the text spilling off the screen;</li>
<li>navigate most of the website using a keyboard or speech recognition software;</li>
<li>listen to most of the website using a screen reader.</li>
</ul>
<p>We have also made the text as simple as possible to understand.
<a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your device
easier to use if you have a disability.</p>
<h2>How accessible this website is</h2>
<p>Every page is built with the NHS.UK design system and checked automatically with axe-core
in a real browser before each release. We know some parts are not fully accessible:</p>
<ul>
<li>some older PDF documents attached to board meetings are not fully accessible to screen
reader software;</li>
<li>photographs in older bulletins may lack a full text description.</li>
</ul>
<h2>Feedback and contact information</h2>
<p>If you need information on this website in a different format, such as an accessible PDF,
large print, easy read, audio recording or braille, email
<a href="mailto:llricb-llr.corporatecomms@nhs.net">llricb-llr.corporatecomms@nhs.net</a>.
We will consider your request and get back to you within 5 working days.</p>
<h2>Reporting accessibility problems with this website</h2>
<p>We are always looking to improve the accessibility of this website. If you find any
problems not listed on this page or think we are not meeting accessibility requirements,
email us at the address above.</p>
<h2>Enforcement procedure</h2>
<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public
Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
accessibility regulations). If you are not happy with how we respond to your complaint,
contact the <a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support
Service (EASS)</a>.</p>
<h2>Technical information about this website's accessibility</h2>
<p>We are committed to making this website accessible, in accordance with the accessibility
regulations.</p>
<h3>Compliance status</h3>
<p>This website is partially compliant with the Web Content Accessibility Guidelines version
2.2 AA standard, due to the non-compliances listed below.</p>
<h2>Non-accessible content</h2>
<h3>Disproportionate burden</h3>
<p>We do not currently claim disproportionate burden for any content.</p>
<h3>Content that's not within the scope of the accessibility regulations</h3>
<p>PDFs and other documents published before 23 September 2018 that are not essential to
providing our services.</p>
<h2>How we tested this website</h2>
<p>Automated axe-core checks run on every public page type in headless Chromium as part of
our test suite; pages were also checked by hand with a keyboard and a screen reader.</p>
<h2>Preparation of this accessibility statement</h2>
<p>This statement was prepared on 25 November 2026. It will be reviewed every year.</p>
"""

PRIVACY = """
<p>This notice explains what personal information this website collects, why, and how long
we keep it.</p>
<h2>Questions to a board</h2>
<p>When you submit a question to a board meeting we collect your name, who you are asking on
behalf of, your question, and your postal address, email address and telephone number.</p>
<ul>
<li><strong>Why</strong>: to consider your question at the meeting, to send you the written
response, and to publish the question and response with the minutes, as the board's
procedure rules require.</li>
<li><strong>What is published</strong>: your name, as the minutes record it, who you asked on
behalf of, your question and the response. Your address, email address and telephone number
are never published on this website, its feeds, calendars, search results, data downloads
or API.</li>
<li><strong>How long</strong>: your contact details are deleted 12 months after the meeting.
The published question and response are part of the public record of the meeting and are
kept permanently.</li>
</ul>
<h2>Staff accounts</h2>
<p>Staff who edit the site have an account with their name and work email address. Changes
they make are recorded with their name and the time, because the minutes and bulletins are
public records.</p>
<h2>Cookies</h2>
<p>Readers of this website receive no cookies unless they send a form, when a security cookie
protects the form from forgery. Staff who log in receive a session cookie.</p>
<h2>Your rights</h2>
<p>You can ask to see the information we hold about you, to correct it, or to have it
deleted, by emailing
<a href="mailto:llricb-llr.corporatecomms@nhs.net">llricb-llr.corporatecomms@nhs.net</a>.
You can also complain to the <a href="https://ico.org.uk/">Information Commissioner's
Office</a>.</p>
"""

CONTACT = """
<p>For news, stories and bulletins, email the communications team at
<a href="mailto:llricb-llr.corporatecomms@nhs.net">llricb-llr.corporatecomms@nhs.net</a>.</p>
<p>For questions about a board meeting, use the link on the meeting's page or contact the
board's clerk at the address shown on the board's page.</p>
"""

PAGES = [
    ("/about/", "About the ICS", ABOUT),
    ("/accessibility/", "Accessibility statement", ACCESSIBILITY),
    ("/privacy/", "Privacy notice", PRIVACY),
    ("/contact/", "Contact us", CONTACT),
]


def load():
    site = Site.objects.get(pk=settings.SITE_ID)
    for url, title, content in PAGES:
        page, _ = FlatPage.objects.update_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        page.sites.add(site)
