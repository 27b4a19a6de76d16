/// The HTML report's inline stylesheet and its one script. The script is static (no data is
/// interpolated into it), so its SHA-256 in the content security policy never varies.
enum HTMLAssets {
    static let css = """
    :root{--ink:#16202c;--muted:#5b6675;--line:#e3e7ec;--soft:#f5f7fa;--accent:#232f3e;--link:#0b61c4;
    --fargate:#e07a10;--lambda:#8a4bd6;--ecs-ec2:#2167c7;--eks:#138a4e;--none:#9aa3ad;
    --fargate-bg:#fdf0e2;--lambda-bg:#f2eafc;--ecs-ec2-bg:#e6effb;--eks-bg:#e3f4ea;--none-bg:#eef0f2}
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
    .kpi.fargate{border-top-color:var(--fargate)}.kpi.lambda{border-top-color:var(--lambda)}.kpi.ecs-ec2{border-top-color:var(--ecs-ec2)}.kpi.eks{border-top-color:var(--eks)}.kpi.none{border-top-color:var(--none)}
    .stack{margin:0 0 6px}.stack svg{display:block;width:100%;height:26px;border-radius:6px}
    .legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--muted);margin-bottom:18px}
    .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:18px;margin-bottom:18px}
    figure{margin:0;border:1px solid var(--line);border-radius:10px;padding:14px 16px}
    figcaption{font-weight:600;margin-bottom:8px;font-size:14px}
    figure svg{display:block;width:100%;height:auto}
    svg text{font-family:inherit}
    .f-fargate{fill:var(--fargate)}.f-lambda{fill:var(--lambda)}.f-ecs-ec2{fill:var(--ecs-ec2)}.f-eks{fill:var(--eks)}.f-none{fill:var(--none)}
    .f-track{fill:var(--soft)}.t-label{fill:var(--ink);font-size:13px}.t-value{fill:var(--muted);font-size:12px}
    table{border-collapse:collapse;width:100%;font-size:13.5px}
    th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
    thead th{background:var(--soft);font-weight:600;white-space:nowrap}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    .narrow{max-width:760px}
    .pill{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12.5px;font-weight:600;white-space:nowrap}
    .p-fargate{background:var(--fargate-bg);color:#8f4604}.p-lambda{background:var(--lambda-bg);color:#5b2a99}.p-ecs-ec2{background:var(--ecs-ec2-bg);color:#134787}.p-eks{background:var(--eks-bg);color:#0b5e33}.p-none{background:var(--none-bg);color:#4b5560}
    .controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 10px}
    .controls input{flex:1 1 320px;max-width:460px;padding:7px 10px;border:1px solid #c5ccd5;border-radius:6px;font:inherit}
    .controls select{padding:7px 8px;border:1px solid #c5ccd5;border-radius:6px;font:inherit;background:#fff}
    .controls .count{color:var(--muted);font-size:13px}
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
    .svc b.pos,.svc b.neg{font-variant-numeric:tabular-nums}.svc b.neg{color:#9b2c2c}.svc b.pos{color:#2f6b45}
    .mono{font:12.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
    .rules dt{font-weight:600;margin-top:12px}.rules dd{margin:2px 0 0 0;color:var(--ink)}
    .rules .src{color:var(--muted);font-size:12.5px}
    footer{color:var(--muted);font-size:12.5px;padding:18px 40px;border-top:1px solid var(--line)}
    @media (max-width:760px){.hero,main,nav.toc,footer{padding-left:16px;padding-right:16px}}
    @media print{
    @page{margin:14mm}
    body{font-size:10pt}
    nav.toc,.controls,.noprint{display:none!important}
    .hero{background:none;color:var(--ink);padding:0 0 10px;border-bottom:2px solid var(--accent)}
    .meta dt{color:var(--muted)}.eyebrow{color:#8f4604}
    main,footer{padding:0}
    section{content-visibility:visible;break-before:page}section#summary{break-before:auto}
    thead th{position:static}
    tr,figure,details.svc,.kpi{break-inside:avoid}
    details.svc>summary::before{content:""}
    details::details-content{content-visibility:visible;display:block}
    a{color:inherit}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    }
    """

    /// Sorting and filtering of the decision matrix (the filter can be preset with `?q=TEXT&r=PLATFORM`,
    /// for links to a slice of the matrix); opens a service's details when linked to, and every
    /// one before printing.
    static let script = """
    (function(){
    "use strict";
    var table=document.getElementById("matrix-table");
    function fill(d){var s=d.querySelector("script[type='text/x-berth-detail']");if(!s){return;}var b=document.createElement("div");b.className="body";b.innerHTML=s.textContent;s.parentNode.replaceChild(b,s);}
    document.addEventListener("toggle",function(e){if(e.target.tagName==="DETAILS"&&e.target.open){fill(e.target);}},true);
    function openHash(){var id=decodeURIComponent(location.hash.slice(1));var d=id?document.getElementById(id):null;if(d&&d.tagName==="DETAILS"){fill(d);d.open=true;}}
    window.addEventListener("hashchange",openHash);openHash();
    var reopened=[];
    window.addEventListener("beforeprint",function(){var all=document.querySelectorAll("details:not([open])");for(var i=0;i<all.length;i++){fill(all[i]);all[i].open=true;reopened.push(all[i]);}});
    window.addEventListener("afterprint",function(){for(var i=0;i<reopened.length;i++){reopened[i].open=false;}reopened=[];});
    if(!table){return;}
    var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows),index=null;
    var query=document.getElementById("f-q"),rec=document.getElementById("f-r"),count=document.getElementById("f-n");
    document.getElementById("controls").hidden=false;
    function texts(){if(!index){index=rows.map(function(r){return r.textContent.toLowerCase();});}return index;}
    function apply(){var t=texts(),q=query.value.trim().toLowerCase(),p=rec.value,n=0;
    for(var i=0;i<rows.length;i++){var ok=(!p||rows[i].getAttribute("data-r")===p)&&(!q||t[i].indexOf(q)>=0);if(rows[i].hidden===ok){rows[i].hidden=!ok;}if(ok){n++;}}
    count.textContent=String(n);}
    var timer=0;
    query.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(apply,rows.length>2000?150:0);});
    rec.addEventListener("change",apply);
    var params=new URLSearchParams(location.search);
    if(params.get("q")){query.value=params.get("q");}if(params.get("r")){rec.value=params.get("r");}
    if(query.value||rec.value){apply();}
    var heads=table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads,function(th,k){var b=th.querySelector("button");if(!b){return;}
    b.addEventListener("click",function(){
    var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
    Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
    th.setAttribute("aria-sort",dir===1?"ascending":"descending");
    var keyed=rows.map(function(r,i){var c=r.cells[k],s=c.getAttribute("data-s");return {r:r,i:i,v:s!==null?-parseFloat(s):c.textContent.toLowerCase()};});
    keyed.sort(function(a,b){if(a.v<b.v){return -dir;}if(a.v>b.v){return dir;}return a.i-b.i;});
    var t=index;rows=keyed.map(function(x){return x.r;});if(t){index=keyed.map(function(x){return t[x.i];});}
    var f=document.createDocumentFragment();for(var i=0;i<rows.length;i++){f.appendChild(rows[i]);}body.appendChild(f);});});
    })();
    """
}
