#!/usr/bin/env python3
"""Generates N list sites of K articles each, for the HTML mode of bench/poll (issue 15).

Usage: gen-pages.py OUTDIR N K [COUNTER]

Even sites are shaped like a TRS WCM ministry column (OUTDIR/s<i>/jyb_xwfb/index.html, articles
at .../202611/t202611DD_<id>.html in a TRS_Editor box), odd ones like a VSB/Boda university news
column (OUTDIR/s<i>/xwzx/zhxw.htm, articles at .../info/1021/<id>.htm in v_news_content). Each list
page has a header, navigation, a sidebar of hot links with dates, its K entries with dates and a
pager; each article page has a few paragraphs of Chinese text with the usual junk around and inside
the container (font size, print and close, share bar, click counter, previous and next article,
related links, footer). COUNTER is the visit counter printed on the list pages: run again with
another COUNTER to change the list pages in that counter only (articles are left alone then).
Our own pages, drawn from random.Random(42): the same arguments write the same bytes. Prints the
list pages' paths, one a line, to OUTDIR/lists.txt."""
import os
import random
import sys
from datetime import datetime, timedelta

out, n, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
counter = int(sys.argv[4]) if len(sys.argv) > 4 else 1
rng = random.Random(42)
words = ("教育部 高校 招生 考试 学生 教师 课程 改革 推进 会议 部署 工作 安全 寒假 暑假 学期 "
         "质量 发展 建设 义务教育 职业教育 高等教育 研究生 本科 就业 创新 科研 人才 培养 评价 "
         "实验室 图书馆 校园 学院 专业 竞赛 志愿 服务 心理 健康 体育 美育 劳动 思政").split()
start = datetime(2026, 11, 1, 8, 0)


def phrase(m):
    return "".join(rng.choice(words) for _ in range(m))


def sentence():
    return "，".join(phrase(rng.randint(3, 6)) for _ in range(rng.randint(3, 6))) + "。"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def header(site, title):
    nav = "".join(f'<li><a href="/s{site}/{p}index.html">{t}</a></li>' for p, t in
                  (("", "首页"), ("xxgk/", "信息公开"), ("zwfw/", "政务服务"), ("hdjl/", "互动交流"), ("ztzl/", "专题专栏")))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<link rel="stylesheet" href="/s{site}/css/style.css"><script src="/s{site}/js/jquery.min.js"></script>'
            f'</head><body><div class="header"><div class="logo"><img src="/s{site}/images/logo.png" alt="示例单位{site}"></div>'
            f'<div class="search"><form action="/search"><input name="q"><button>搜索</button></form></div></div>'
            f'<div class="nav"><ul>{nav}</ul></div>')


def footer(site):
    return (f'<div class="footer"><p>主办单位：示例单位{site} 地址：示例路{site}号 邮编：100000</p>'
            f'<p>版权所有 © 2026 示例单位{site} 京ICP备0000{site:04d}号 网站标识码：bm{site:06d}</p></div>'
            '<script>var _hmt = _hmt || [];</script></body></html>')


def sidebar(site):
    rows = "".join(f'<li><a href="/s{site}/rdzt/{r}.html">{phrase(4)}</a><span>11-{r + 1:02d}</span></li>'
                   for r in range(8))
    return f'<div class="sidebar"><h3>热点推荐</h3><ul class="hot">{rows}</ul></div>'


def article_page(site, trs, title, when, link, prev_link, next_link):
    paras = "".join(f"<p>{''.join(sentence() for _ in range(rng.randint(2, 4)))}</p>" for _ in range(rng.randint(4, 7)))
    stamp = when.strftime("%Y-%m-%d %H:%M")
    nav = (f'<div class="prevnext"><p>上一条：<a href="{prev_link}">{phrase(4)}</a></p>'
           f'<p>下一条：<a href="{next_link}">{phrase(4)}</a></p></div>')
    related = "".join(f'<li><a href="/s{site}/rdzt/{r}.html">{phrase(4)}</a></li>' for r in range(5))
    if trs:
        body = (f'<div class="crumb">当前位置：<a href="/s{site}/">首页</a> &gt; <a href="index.html">工作动态</a></div>'
                f'<div class="article"><h1>{esc(title)}</h1><div class="info">发布时间：{stamp} 来源：示例单位{site}办公室 '
                f'【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>'
                f'<div class="TRS_Editor">{paras}<p>责任编辑：王五</p></div>'
                f'<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>'
                f'<div class="tools">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>'
                f'{nav}<div class="related"><h3>相关链接</h3><ul>{related}</ul></div></div>')
        meta = f'<meta name="PubDate" content="{stamp}"><meta name="ArticleTitle" content="{esc(title)}">'
    else:
        body = (f'<div class="crumb">当前位置：<a href="/s{site}/">首页</a> &gt; <a href="../../xwzx/zhxw.htm">综合新闻</a></div>'
                f'<form name="_newscontent_fromname"><div class="content-title"><h1>{esc(title)}</h1>'
                f'<div class="info">发布时间：{stamp} 作者：李四 点击数：<script>_showDynClicks("wbnews", 1{site:05d}, {rng.randint(1000, 9999)})</script></div></div>'
                f'<div class="v_news_content">{paras}<p>（审核：张三）</p></div>'
                f'<div class="bdsharebuttonbox">分享到：<a href="#">微信</a></div>{nav}</form>'
                f'<div class="related"><h3>推荐阅读</h3><ul>{related}</ul></div>')
        meta = ""
    return header(site, title + "-示例单位" + str(site)).replace("</title>", "</title>" + meta, 1) + body + footer(site)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


lists = []
for i in range(n):
    trs = i % 2 == 0
    entries, arts = [], []
    for j in range(k):
        title = f"示例单位{i}{phrase(rng.randint(4, 7))}"
        when = start + timedelta(minutes=rng.randrange(0, 40000))
        aid = 1171000 + i * 100 + j
        if trs:
            path = f"/s{i}/jyb_xwfb/{when:%Y%m}/t{when:%Y%m%d}_{aid}.html"
        else:
            path = f"/s{i}/info/1021/{aid}.htm"
        arts.append((path, title, when))
    arts.sort(key=lambda a: a[2], reverse=True)  # a column lists the newest first
    for j, (path, title, when) in enumerate(arts):
        text = title if len(title) <= 18 else title[:16] + "…"  # anchors cut short, the full title in title=
        if trs:
            entries.append(f'<li><a href="{path}" title="{esc(title)}" target="_blank">{esc(text)}</a>'
                           f'<span>{when:%Y-%m-%d}</span></li>')
        else:
            entries.append(f'<li id="line_u8_{j}"><a href="{path}" title="{esc(title)}">{esc(text)}</a>'
                           f'<span class="date">[{when:%Y/%m/%d}]</span></li>')
        prev_link = arts[j - 1][0] if j > 0 else path
        next_link = arts[j + 1][0] if j + 1 < len(arts) else path
        page = article_page(i, trs, title, when, path, prev_link, next_link)  # drawn always: same bytes for any COUNTER
        if counter == 1:
            write(out + path, page)
    visits = f'<div class="count">本栏目访问量：{1000 * i + counter}</div>'
    if trs:
        list_path = f"/s{i}/jyb_xwfb/index.html"
        main = (f'<div class="crumb">当前位置：<a href="/s{i}/">首页</a> &gt; 工作动态</div><div class="main">'
                f'<div class="list"><h2>工作动态</h2><ul class="news">{"".join(entries)}</ul>'
                '<div class="page"><script>createPageHTML(12, 0, "index", "html");</script></div></div>'
                f'{sidebar(i)}</div>{visits}')
    else:
        list_path = f"/s{i}/xwzx/zhxw.htm"
        main = (f'<div class="crumb">当前位置：<a href="/s{i}/">首页</a> &gt; 综合新闻</div><div class="main">'
                f'<div class="list"><h2>综合新闻</h2><ul class="news">{"".join(entries)}</ul>'
                f'<div class="pb_sys_common">共240条 1/12 <a href="zhxw/11.htm">下页</a> <a href="zhxw/1.htm">尾页</a></div></div>'
                f'{sidebar(i)}</div>{visits}')
    write(out + list_path, header(i, ("工作动态" if trs else "综合新闻") + f"-示例单位{i}") + main + footer(i))
    lists.append(list_path)
write(os.path.join(out, "lists.txt"), "\n".join(lists) + "\n")
print(f"{n} list sites x {k} articles written (counter {counter})")
