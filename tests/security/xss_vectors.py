"""Hostile HTML an editor might paste or an attacker might send instead of the editor.

Every vector that could run script sets `window.__xss` and opens a dialog, so a real
browser shows plainly whether any of them survived (tests/browser/test_xss.py).
"""

JS = "window.__xss=1;alert(1)"

VECTORS = [
    # Script elements, plain and disguised.
    f"<script>{JS}</script>",
    f"<SCRIPT>{JS}</SCRIPT>",
    f"<script src=data:text/javascript,{JS}></script>",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f"<script\n>{JS}</script\n>",
    f'<script type="text/javascript">{JS}</script>',
    f"<<script>{JS}//<</script>",
    # Event handlers on allowed and disallowed elements.
    f'<img src="/media/x.png" onerror="{JS}">',
    f"<img src=x onerror={JS}>",
    f'<p onclick="{JS}">click</p>',
    f'<a href="https://example.org" onmouseover="{JS}">hover</a>',
    f'<body onload="{JS}">',
    f'<div onpointerenter="{JS}">x</div>',
    f'<details open ontoggle="{JS}">x</details>',
    f'<input autofocus onfocus="{JS}">',
    f'<video><source onerror="{JS}"></video>',
    f'<audio src=x onerror="{JS}">',
    f'<marquee onstart="{JS}">x</marquee>',
    f'<img src="/media/x.png" ONERROR="{JS}">',
    f'<img src="/media/x.png"/onerror="{JS}">',
    # javascript:, data: and vbscript: URLs, with encodings and whitespace.
    f'<a href="javascript:{JS}">link</a>',
    f'<a href="JaVaScRiPt:{JS}">link</a>',
    f'<a href=" javascript:{JS}">link</a>',
    f'<a href="java\tscript:{JS}">link</a>',
    f'<a href="java&#x09;script:{JS}">link</a>',
    f'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{JS}">link</a>',
    f'<a href="&#x6A;avascript:{JS}">link</a>',
    f'<a href="javascript&colon;{JS}">link</a>',
    f'<a href="\x01javascript:{JS}">link</a>',
    f'<a href="data:text/html,<script>{JS}</script>">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    f'<img src="javascript:{JS}">',
    f'<img src="data:image/svg+xml,<svg onload={JS}>">',
    f'<a href="https://example.org" formaction="javascript:{JS}">x</a>',
    # SVG and MathML.
    f"<svg onload={JS}>",
    f"<svg><script>{JS}</script></svg>",
    f'<svg><a xlink:href="javascript:{JS}"><text x="20" y="20">x</text></a></svg>',
    f'<svg><animate onbegin="{JS}" attributeName="x" dur="1s"/></svg>',
    f'<svg><set attributeName="onmouseover" to="{JS}"/></svg>',
    f'<svg><foreignObject><iframe srcdoc="<script>{JS}</script>"></iframe></foreignObject></svg>',
    f'<math><maction actiontype="statusline" xlink:href="javascript:{JS}">x</maction></math>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{JS}">',
    f'<math href="javascript:{JS}">x</math>',
    # CSS: expressions, urls and style elements.
    '<p style="width: expression(alert(1))">css</p>',
    f'<p style="background:url(javascript:{JS})">css</p>',
    f"<style>@import 'javascript:{JS}';</style>",
    '<style>body{background:url("https://evil.example/x")}</style>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</div>',
    f'<link rel="stylesheet" href="javascript:{JS}">',
    # Frames, objects, forms, meta refresh, base.
    f'<iframe src="javascript:{JS}"></iframe>',
    f'<iframe srcdoc="<script>{JS}</script>"></iframe>',
    f'<object data="javascript:{JS}"></object>',
    f'<embed src="javascript:{JS}">',
    f'<form action="javascript:{JS}"><button>go</button></form>',
    f'<form><button formaction="javascript:{JS}">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    f'<isindex action="javascript:{JS}" type=image>',
    f'<frameset onload="{JS}">',
    # Encoded and malformed markup.
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f'<img """><script>{JS}</script>">',
    f'<img src=`x` onerror={JS}>',
    f'<a href="https://example.org"<img src=x onerror={JS}>>x</a>',
    f'<p title="</p><script>{JS}</script>">x</p>',
    f"<!--<script>{JS}</script>-->",
    f"<![CDATA[<script>{JS}</script>]]>",
    f'<img src=x onerror\x0b="{JS}">',
    f"<div/onmouseover='{JS}'>x</div>",
    f"\x00<script>{JS}</script>",
    # Mutation XSS: content that changes meaning when re-parsed.
    f'<noscript><p title="</noscript><img src=x onerror={JS}>">',
    f'<style><img src=x onerror="{JS}"></style>',
    f'<textarea><img title="</textarea><img src=x onerror={JS}>">',
    f'<title><img title="</title><img src=x onerror={JS}>">',
    f'<xmp><img title="</xmp><img src=x onerror={JS}>">',
    f'<svg></p><style><a id="</style><img src=1 onerror={JS}>">',
    f'<form><math><mtext></form><form><mglyph><style></math><img src onerror={JS}>',
    f'<noembed><img title="</noembed><img src=x onerror={JS}>"></noembed>',
    f'<template><img src=x onerror="{JS}"></template>',
    # Template injection: must come out as text, never evaluated by the server.
    "{{ 7|add:42 }} {% debug %} {{ request.META }}",
    "${7*7} #{7*7} <%= 7*7 %>",
]

assert len(VECTORS) >= 60
