/// The console's one stylesheet, served as `/static/console.css` (the CSP allows styles
/// from the console only). Phone first; text contrast at least 4.5:1; visible focus.
enum ConsoleStyle {
    static let css = """
        :root { --ink: #1d2430; --muted: #4f5b6b; --line: #cfd6df; --bg: #f6f7f9; --card: #fff;
                --accent: #0b5cad; --warn: #a4260b; --ok: #1f6b3a; --late: #fff1ec; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
               color: var(--ink); background: var(--bg); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f2b01e; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
        .sr { position: absolute; left: -999px; }
        header { background: var(--ink); color: #fff; }
        header nav { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; padding: 4px 12px; gap: 8px; }
        header ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0; padding: 0; }
        header a { color: #fff; text-decoration: none; padding: 6px 2px; display: inline-block; }
        header a[aria-current] { border-bottom: 3px solid #f2b01e; font-weight: 600; }
        header .who { display: flex; gap: 10px; align-items: center; }
        header .who form { display: inline; }
        header .who button { background: transparent; color: #fff; border: 1px solid #fff; padding: 2px 10px; }
        main { max-width: 1100px; margin: 0 auto; padding: 12px; }
        h1 { font-size: 1.4rem; margin: 8px 0 12px; } h2 { font-size: 1.15rem; margin: 18px 0 8px; } h3 { font-size: 1.05rem; margin: 0 0 6px; }
        .count { color: var(--muted); font-weight: normal; }
        .muted { color: var(--muted); }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 0 0 12px; }
        .card.narrow { max-width: 360px; }
        .card.urgent { border-left: 6px solid var(--warn); }
        .card.overdue, tr.open { background: var(--late); }
        .card.escalated { border: 2px solid var(--warn); }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
        dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
        label { display: block; font-size: .9rem; color: var(--muted); margin-top: 6px; }
        input, select, textarea { font: inherit; width: 100%; padding: 8px; border: 1px solid #8792a2; border-radius: 6px; background: #fff; color: var(--ink); }
        textarea { min-height: 4em; }
        label.check { display: flex; gap: 8px; align-items: center; margin: 10px 0; color: var(--ink); } label.check input { width: auto; margin: 0; }
        button { font: inherit; padding: 8px 14px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; margin-top: 8px; }
        button.warn { background: var(--warn); }
        .buttons { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
        .buttons form { margin: 0; }
        form.inline { display: flex; gap: 6px; align-items: flex-end; } form.inline label { margin: 0; } form.inline input { width: 9em; }
        .search { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin-bottom: 12px; }
        .search input, .search select { width: auto; flex: 1 1 10em; } .search label { width: 100%; }
        table { width: 100%; border-collapse: collapse; background: var(--card); margin-bottom: 12px; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
        .tag { display: inline-block; padding: 0 8px; border-radius: 10px; background: #e6ebf2; font-size: .85rem; white-space: nowrap; }
        tr.open .tag, .appt.cancelled .tag { background: #f7d4c9; }
        .flash { background: #e4f3e8; color: var(--ok); padding: 8px 12px; border-radius: 6px; }
        .error { background: #fbe4de; color: var(--warn); padding: 8px 12px; border-radius: 6px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; align-items: start; }
        details.form > summary { cursor: pointer; }
        details.form > summary h2 { display: inline; font-size: 1.05rem; }
        details.form[open] > summary { margin-bottom: 8px; }
        .board { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
        .story { list-style: none; padding: 0; margin: 0; } .story li { padding: 4px 0; border-bottom: 1px dashed var(--line); }
        .when { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 6px; }
        .deadline { font-weight: 600; }
        .bars { list-style: none; padding: 0; margin: 0; }
        .bars li { display: grid; grid-template-columns: 8em 1fr 4em; gap: 8px; align-items: center; margin: 4px 0; }
        .bars svg { width: 100%; height: 14px; display: block; background: #e6ebf2; border-radius: 3px; }
        .bars rect { fill: var(--accent); }
        .value { text-align: right; font-variant-numeric: tabular-nums; }
        @media (max-width: 600px) { th, td { padding: 4px; font-size: .9rem; } td button { padding: 6px 8px; white-space: nowrap; } .bars li { grid-template-columns: 6em 1fr 3em; } }
        """
}
