import BerthCore

/// The HTML report's inline stylesheet and its one script. The script is static (no data is
/// interpolated into it), so its SHA-256 in the content security policy never varies.
enum HTMLAssets {
    /// Classes per platform, and `none` for "nothing eligible", in the tie-break order.
    private static let classes: [(name: String, colours: PlatformColours)] =
        Platform.allCases.map { ($0.id, $0.colours) } + [("none", PlatformColours(accent: "#9aa3ad", background: "#eef0f2", text: "#4b5560"))]

    private static var platformColours: String {
        classes.map { "--\($0.name):\($0.colours.accent);" }.joined() + "\n"
            + classes.map { "--\($0.name)-bg:\($0.colours.background)" }.joined(separator: ";") + "}"
    }

    /// `.kpi.fargate{border-top-color:var(--fargate)}...`: one rule per class.
    private static func platformRules(_ selector: String, _ open: String, _ close: String) -> String {
        classes.map { "\(selector)\($0.name)\(open)\($0.name)\(close)" }.joined()
    }

    private static var platformBadges: String {
        classes.map { ".p-\($0.name){background:var(--\($0.name)-bg);color:\($0.colours.text)}" }.joined()
    }

    static let css = """
    :root{--ink:#16202c;--muted:#5b6675;--line:#e3e7ec;--soft:#f5f7fa;--accent:#232f3e;--link:#0b61c4;
    \(platformColours)
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;color:var(--ink);background:#fff;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans JP","Noto Sans CJK JP","Yu Gothic",Meiryo,sans-serif}
    a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
    code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 4px;white-space:nowrap}
    .hero{background:linear-gradient(135deg,#232f3e 0%,#2e3f55 100%);color:#fff;padding:32px 40px 26px}
    .eyebrow{text-transform:uppercase;letter-spacing:.12em;font-size:12px;color:#ffb35c;font-weight:600}
    h1{margin:6px 0 18px;font-size:30px;line-height:1.2;font-weight:700}
    .meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:10px 28px;margin:0}
    .meta div{min-width:0}.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:#aab6c5}
    .meta dd{margin:2px 0 0;font-size:14px;overflow-wrap:anywhere}
    .hero code{background:rgba(255,255,255,.12);border-color:rgba(255,255,255,.25);color:#fff}
    nav.toc{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:8px 40px;display:flex;gap:22px;flex-wrap:wrap;font-size:14px}
    nav.toc a{color:var(--muted);font-weight:500}nav.toc a:hover{color:var(--ink)}
    main{padding:8px 40px 40px;max-width:1600px}
    section{margin-top:34px;content-visibility:auto;contain-intrinsic-size:auto 800px}
    section#summary{content-visibility:visible}
    h2{font-size:21px;margin:0 0 14px;padding-bottom:6px;border-bottom:2px solid var(--accent)}
    h3{font-size:15px;margin:0 0 8px}h4{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 6px}
    p{margin:0 0 12px}.lede{color:var(--muted)}
    .warning{border-left:4px solid #d9822b;background:#fff6ea;padding:10px 14px;margin:14px 0;border-radius:4px}
    .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:4px 0 18px}
    .kpi{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fff;border-top:4px solid var(--accent)}
    .kpi .n{font-size:28px;font-weight:700;line-height:1.1}.kpi .l{font-size:13px;color:var(--muted)}
    \(platformRules(".kpi.", "{border-top-color:var(--", ")}"))
    .stack{margin:0 0 6px}.stack svg{display:block;width:100%;height:26px;border-radius:6px}
    .legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--muted);margin-bottom:18px}
    .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:18px;margin-bottom:18px}
    figure{margin:0;border:1px solid var(--line);border-radius:10px;padding:14px 16px}
    figcaption{font-weight:600;margin-bottom:8px;font-size:14px}
    figure svg{display:block;width:100%;height:auto}
    svg text{font-family:inherit}
    \(platformRules(".f-", "{fill:var(--", ")}"))
    .f-track{fill:var(--soft)}.t-label{fill:var(--ink);font-size:13px}.t-value{fill:var(--muted);font-size:12px}
    table{border-collapse:collapse;width:100%;font-size:13.5px}
    th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
    thead th{background:var(--soft);font-weight:600;white-space:nowrap}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    .narrow{max-width:760px}
    table.groups small{color:var(--muted);font-size:12px}table.groups td.c{white-space:normal;min-width:120px}table.groups td.names{font-size:12.5px;min-width:260px}
    td.names button{font:inherit;font-size:12px;margin:4px 4px 0 0}.pager ol{margin:4px 0 0;padding-left:4.5em;max-height:26em;overflow:auto}
    .pill{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:600;white-space:nowrap}
    \(platformBadges)
    .controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 10px}
    .controls input{flex:1 1 320px;max-width:460px;padding:7px 10px;border:1px solid #c5ccd5;border-radius:6px;font:inherit}
    .controls select{padding:7px 8px;border:1px solid #c5ccd5;border-radius:6px;font:inherit;background:#fff}
    .controls .count{color:var(--muted);font-size:13px}
    .controls .pager{display:inline-flex;gap:8px;align-items:center;color:var(--muted);font-size:13px}
    .controls .pager button{padding:4px 10px;border:1px solid #c5ccd5;border-radius:6px;background:#fff;font:inherit;cursor:pointer}
    .controls .pager button:disabled{opacity:.45;cursor:default}
    #matrix-table th button{all:unset;cursor:pointer;display:block}
    #matrix-table th button::after{content:" ↕";color:#aab2bc;font-size:11px}
    #matrix-table th[aria-sort=ascending] button::after{content:" ▲";color:var(--ink)}
    #matrix-table th[aria-sort=descending] button::after{content:" ▼";color:var(--ink)}
    #matrix-table td.svc a{font-weight:600}
    #matrix-table td.svc small{display:block;color:var(--muted);font-size:12px;max-width:380px}
    #matrix-table td.lb{font-size:12px;color:var(--muted);max-width:220px}
    #matrix-table tbody tr:hover{background:#fafbfc}
    td.c{white-space:nowrap;font-size:12.5px}
    td.rec{background:#eaf6ee;font-weight:700;color:#0b5e33}
    td.ok{color:#2f6b45}
    td.no{color:#9b2c2c;background:#fdf5f5}
    .scroll{overflow-x:auto}
    .print-only{display:none}
    .glance-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:4px 28px}
    .glance h3{margin:10px 0 4px}.glance ul{margin:0;padding-left:18px}
    details.svc{border:1px solid var(--line);border-radius:8px;margin:0 0 8px;background:#fff}
    details.svc>summary{cursor:pointer;padding:9px 14px;display:flex;gap:12px;align-items:baseline;flex-wrap:wrap;list-style:none}
    details.svc>summary::-webkit-details-marker{display:none}
    details.svc>summary::before{content:"▸";color:var(--muted);width:10px}
    details.svc[open]>summary::before{content:"▾"}
    details.svc[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
    summary .name{font-weight:700}summary .shape{color:var(--muted);font-size:12.5px}
    .svc .body{padding:12px 16px 6px}
    .svc .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:8px 28px}
    .svc ul{margin:0 0 12px;padding-left:18px}.svc li{margin:2px 0}
    .chip{display:inline-block;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 6px;margin:0 4px 4px 0;font-size:12px}
    cite{color:var(--muted);font-style:normal;font-size:12px}
    .svc b.pos{font-variant-numeric:tabular-nums;color:#2f6b45}
    .mono{font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
    .rules dt{font-weight:600;margin-top:12px}.rules dd{margin:2px 0 0 0;color:var(--ink)}
    .rules .src{color:var(--muted);font-size:12.5px}
    footer{color:var(--muted);font-size:12.5px;padding:18px 40px;border-top:1px solid var(--line)}
    @media (max-width:760px){.hero,main,nav.toc,footer{padding-left:16px;padding-right:16px}}
    @media print{
    @page{size:A4 landscape;margin:10mm}
    button.more,.pager{display:none}
    body{font-size:9pt}
    /* The matrix stays whole: all four platform columns on the page, cells that wrap. */
    .scroll{overflow:visible}
    #matrix-table{font-size:8pt;table-layout:auto}
    #matrix-table td,#matrix-table th{padding:2px 4px}
    td.c{white-space:normal;font-size:7.5pt}
    #matrix-table td.svc small{max-width:none;font-size:7pt}
    .glance{break-after:page;font-size:8.5pt}
    #matrix-table td.svc small,#matrix-table .lb,#matrix-table th[data-k=labels]{display:none}
    .narrow{display:inline-block;width:49%;vertical-align:top;margin-right:0}
    #follow-ups,#appendix{font-size:7.5pt}
    nav.toc,.controls,.noprint{display:none!important}
    .print-only:not([hidden]){display:block}
    .hero{background:none;color:var(--ink);padding:0 0 10px;border-bottom:2px solid var(--accent)}
    .meta dt{color:var(--muted)}.eyebrow{color:#8f4604}
    main,footer{padding:0}
    section{content-visibility:visible}section#matrix,section#appendix{break-before:page}
    .charts{display:none}
    thead th{position:static}
    tr,figure,details.svc,.kpi{break-inside:avoid}
    details.svc>summary::before{content:""}
    a{color:inherit}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    }
    """

    /// Sorting and filtering of the decision matrix (the filter can be preset with `?q=TEXT&r=PLATFORM`,
    /// the sort with `?s=COLUMN` or `?s=-COLUMN`, for links to a slice of the matrix); opens a
    /// service's details when linked to. In a large run
    /// (`HTMLData`) it reads the data block, shows the matrix a page at a time (when printing,
    /// the rows the filter shows, up to the block's `print` limit, with a note when there are
    /// more) and builds a service's details when it is opened; in an aggregated report it
    /// shows the "Show all" button of each group with a names block (`HTMLReport.names`) and
    /// lists the group's services 100 at a time (at once for a link to `#names-o1`). All of it
    /// with `createElement` and `textContent` only.
    static let script = """
    (function(){
    "use strict";
    function el(id){return document.getElementById(id);}
    var data=el("berth-data"),D=data?JSON.parse(data.textContent):null;
    var TAGS={details:1,summary:1,div:1,p:1,ul:1,li:1,b:1,a:1,code:1,span:1,h4:1},specs=[],STATES=["no","ok","rec"];
    function build(i){var n=D.n[i],sp=specs[n[0]];
    if(!sp){var w=D.s[n[0]],j=w.indexOf(" "),tag=j<0?w:w.slice(0,j);sp=specs[n[0]]=[TAGS[tag]?tag:"span",j<0?"":w.slice(j+1)];}
    var e=document.createElement(sp[0]);
    if(sp[1].charAt(0)==="#"){e.setAttribute("href",sp[1]);}else if(sp[1]){e.className=sp[1];}
    for(var k=1;k<n.length;k++){var c=n[k];e.appendChild(c>=0?build(c):document.createTextNode(D.s[-1-c]));}
    return e;}
    function anchor(name){var o="s-";for(var i=0;i<name.length;i++){var c=name.codePointAt(i);if(c>65535){i++;}
    o+=(c>=97&&c<=122)||(c>=48&&c<=57)||c===45?String.fromCodePoint(c):"_"+c+"_";}return o;}
    var ids=null;
    function service(id){var d=el(id);if(d||!D||id.slice(0,2)!=="s-"){return d;}
    if(!ids){ids=new Map();for(var i=0;i<D.r.length;i++){ids.set(anchor(D.r[i][0]),i);}}
    var n=ids.get(id);if(n===undefined){return null;}
    d=build(D.r[n][8]);d.id=id;d.setAttribute("data-i",String(n));
    var list=el("svc-list"),next=list.firstChild;while(next&&+next.getAttribute("data-i")<n){next=next.nextSibling;}
    list.insertBefore(d,next);return d;}
    function openHash(){var id;try{id=decodeURIComponent(location.hash.slice(1));}catch(e){return;}if(!id){return;}
    var built=!el(id),d=service(id);if(d&&d.tagName==="DETAILS"){d.open=true;if(built){d.scrollIntoView();}}}
    window.addEventListener("hashchange",openHash);openHash();
    Array.prototype.forEach.call(document.querySelectorAll("button.more"),function(b){b.hidden=false;
    b.addEventListener("click",function(){var names=JSON.parse(el(b.getAttribute("data-list")).textContent),page=0,size=100;
    var box=document.createElement("div"),bar=document.createElement("div"),ol=document.createElement("ol");
    var prev=document.createElement("button"),next=document.createElement("button"),at=document.createElement("span");
    box.className="pager";prev.type="button";next.type="button";
    prev.textContent=b.getAttribute("data-prev");next.textContent=b.getAttribute("data-next");
    bar.appendChild(prev);bar.appendChild(at);bar.appendChild(next);box.appendChild(bar);box.appendChild(ol);
    function show(){var a=page*size,z=Math.min(names.length,a+size),f=document.createDocumentFragment();
    for(var i=a;i<z;i++){var li=document.createElement("li");li.textContent=names[i];f.appendChild(li);}
    ol.textContent="";ol.start=a+1;ol.appendChild(f);at.textContent=" "+(a+1)+"–"+z+" / "+names.length+" ";
    prev.disabled=a===0;next.disabled=z>=names.length;}
    prev.addEventListener("click",function(){page--;show();});next.addEventListener("click",function(){page++;show();});
    b.parentNode.replaceChild(box,b);b.box=box;show();});});
    var listed=location.hash.slice(1);
    if(/^names-[ol][0-9]+$/.test(listed)){listed=document.querySelector('button.more[data-list="'+listed+'"]');if(listed){listed.click();listed.box.scrollIntoView();}}
    var table=el("matrix-table");
    if(!table){return;}
    var body=table.tBodies[0],heads=table.tHead.rows[0].cells,rows=[],i;
    var query=el("f-q"),rec=el("f-r"),count=el("f-n"),prev=el("f-prev"),next=el("f-next"),from=el("f-from"),to=el("f-to");
    if(D){for(i=0;i<D.r.length;i++){rows.push({i:i,d:D.r[i],el:body.rows[i]||null});}}
    else{for(i=0;i<body.rows.length;i++){rows.push({i:i,d:null,el:body.rows[i]});}}
    var order=rows,page=0,printing=false;
    function text(r){if(r.t===undefined){var p=[],k;
    if(r.d){var d=r.d;p.push(d[0],D.s[d[1]]);for(k=0;k<d[2].length;k++){p.push(D.s[d[2][k]]);}p.push(D.p[d[3]][1]);for(k=4;k<8;k++){p.push(D.s[D.c[d[k]][0]]);}}
    else{for(k=0;k<r.el.cells.length;k++){p.push(r.el.cells[k].textContent);}}
    r.t=p.join("\\n").toLowerCase();}return r.t;}
    function key(r,k){var d=r.d;
    if(d){if(k>=3){return -D.c[d[k+1]][2];}if(k===0){return d[0].toLowerCase();}
    if(k===1){return d[2].map(function(x){return D.s[x];}).join("\\n").toLowerCase();}return D.p[d[3]][1].toLowerCase();}
    var c=r.el.cells[k],s=c.getAttribute("data-s");if(s!==null){return -parseFloat(s);}
    if(k===0&&c.firstChild){return c.firstChild.textContent.toLowerCase();}
    if(k===1){return Array.prototype.filter.call(c.childNodes,function(x){return x.nodeType===3;}).map(function(x){return x.data;}).join("\\n").toLowerCase();}
    return c.textContent.toLowerCase();}
    function td(tr,name){var c=document.createElement("td");if(name){c.className=name;}tr.appendChild(c);return c;}
    function row(r){if(r.el){return r.el;}var d=r.d,tr=document.createElement("tr"),c,x,k;
    tr.setAttribute("data-r",D.p[d[3]][0]);
    c=td(tr,"svc");x=document.createElement("a");x.setAttribute("href","#"+anchor(d[0]));x.textContent=d[0];c.appendChild(x);
    if(d[1]){x=document.createElement("small");x.textContent=D.s[d[1]];c.appendChild(x);}
    c=td(tr,"lb");for(k=0;k<d[2].length;k++){if(k){c.appendChild(document.createElement("br"));}c.appendChild(document.createTextNode(D.s[d[2][k]]));}
    c=td(tr,"");x=document.createElement("span");x.className="pill p-"+D.p[d[3]][0];x.textContent=D.p[d[3]][1];c.appendChild(x);
    for(k=4;k<8;k++){x=D.c[d[k]];c=td(tr,"c "+STATES[x[3]]);c.setAttribute("data-s",String(x[2]));if(x[1]){c.title=D.s[x[1]];}c.textContent=D.s[x[0]];}
    r.el=tr;return tr;}
    function render(){var q=query.value.trim().toLowerCase(),p=rec.value;
    var shown=order.filter(function(r){return (!p||(r.d?D.p[r.d[3]][0]:r.el.getAttribute("data-r"))===p)&&(!q||text(r).indexOf(q)>=0);});
    var n=shown.length;count.textContent=String(n);
    if(!D){var on=new Set(shown);for(var i=0;i<rows.length;i++){var ok=on.has(rows[i]);if(rows[i].el.hidden===ok){rows[i].el.hidden=!ok;}}return;}
    var pages=Math.max(1,Math.ceil(n/D.page));if(page>=pages){page=pages-1;}if(page<0){page=0;}
    var a=printing?0:page*D.page,b=Math.min(n,printing?D.print:a+D.page),f=document.createDocumentFragment();
    el("f-print").hidden=!(printing&&n>b);el("f-pn").textContent=String(n);
    for(var j=a;j<b;j++){f.appendChild(row(shown[j]));}
    body.textContent="";body.appendChild(f);
    from.textContent=String(n?a+1:0);to.textContent=String(b);prev.disabled=a===0;next.disabled=b>=n;}
    function sortBy(k,dir){Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
    heads[k].setAttribute("aria-sort",dir===1?"ascending":"descending");
    var keyed=rows.map(function(r){return {r:r,v:key(r,k)};});
    keyed.sort(function(a,b){if(a.v<b.v){return -dir;}if(a.v>b.v){return dir;}return a.r.i-b.r.i;});
    order=keyed.map(function(x){return x.r;});page=0;
    if(!D){var f=document.createDocumentFragment();for(var i=0;i<order.length;i++){f.appendChild(order[i].el);}body.appendChild(f);}
    render();}
    Array.prototype.forEach.call(heads,function(th,k){var b=th.querySelector("button");if(b){b.addEventListener("click",function(){sortBy(k,th.getAttribute("aria-sort")==="ascending"?-1:1);});}});
    var timer=0;
    query.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(function(){page=0;render();},rows.length>2000?150:0);});
    rec.addEventListener("change",function(){page=0;render();});
    if(D){prev.addEventListener("click",function(){page--;render();});next.addEventListener("click",function(){page++;render();});
    window.addEventListener("beforeprint",function(){printing=true;render();});
    window.addEventListener("afterprint",function(){printing=false;render();});}
    el("controls").hidden=false;
    var params=new URLSearchParams(location.search),s=params.get("s")||"",preset=false;
    if(params.get("q")){query.value=params.get("q");preset=true;}if(params.get("r")){rec.value=params.get("r");preset=true;}
    for(i=0;s&&i<heads.length;i++){if(heads[i].getAttribute("data-k")===s.replace(/^-/,"")){sortBy(i,s.charAt(0)==="-"?-1:1);preset=false;break;}}
    if(preset){render();}
    })();
    """
}
