/* timeline: the script of the HTML page (timeline.render.html). Plain JS, no libraries.
 *
 * Reads the JSON block #tl-data (numbers only: bounds in epoch seconds, flags, indexes, and
 * each entry's anchor) and the entries written in the page. Text is only ever read and
 * written with textContent, never as markup; the one markup the script parses is the
 * entries' own, written and escaped by Python in the inert block #tl-entries.
 *
 * rows[i] = [lo, hi, startLo, startHi, endHi, flags, kind, actors[], sources[]]
 *   lo / hi: earliest / latest (exclusive) instant; null = open or unknown end.
 *   startLo / startHi: when the event may have started (qualifiers widen it);
 *     null = without limit (-infinity). endHi: latest it may have ended; null = +infinity.
 *   flags: 1 span, 2 approximate or uncertain, 4 open start, 8 open end,
 *     16 unknown start, 32 unknown end.
 *
 * Scale: the SVG draws at most data.maxMarks marks, packed into lanes; above that it
 * draws level of detail instead: one count column per calendar bucket (day, week, month,
 * year...) in view, each a link that zooms into its bucket. The list is paged
 * (data.pageSize a page) and windowed: the first data.window entries are HTML in the page,
 * the others one line each in the inert block #tl-entries (type text/html), made only when a
 * page, a deep link, the snapshot panel or print needs them (items[i] is the element, once
 * made). Search, filters, the snapshot and the marks work from the data and those lines,
 * so they reach every entry, made or not.
 *
 * Snapshot: for a chosen day T (its end in data.zone, the stream's zone, read with Intl's
 * time-zone data, which the browser carries), an event had certainly begun if it must
 * have started before T (startHi < T), possibly if it may have (startLo < T), otherwise
 * not. Precomputed states (data.states, made in Python) are shown for the last date at
 * or before T: the conflict state needs the full projection, so it is not redone here.
 */
(function () {
  "use strict";

  // Marks for benchmarks/bench_page.py: how long the script itself takes to make the page ready.
  var perf = window.performance && performance.mark ? performance : null;
  if (perf) perf.mark("timeline:script");

  var SVGNS = "http://www.w3.org/2000/svg";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY = 86400;
  var F_SPAN = 1, F_Q = 2, F_OPEN_START = 4, F_OPEN_END = 8, F_UNK_START = 16, F_UNK_END = 32;

  var data = JSON.parse(document.getElementById("tl-data").textContent);
  var rows = data.rows;
  var n = rows.length;
  var ids = data.ids || [];
  var windowSize = typeof data.window === "number" ? data.window : n;
  var list = document.querySelector("ol.list");
  var items = new Array(n); // the entry's element, once made
  Array.prototype.forEach.call(document.querySelectorAll("ol.list > li.entry"), function (li) {
    items[Number(li.getAttribute("data-i"))] = li;
  });
  var inert = document.getElementById("tl-entries");
  var lines = null; // the inert entries' markup, one a line: read when first needed
  var idIndex = null; // anchor -> index, made when first needed
  var haystack = null; // each entry's text, lower case, made at the first search
  var search = document.getElementById("tl-q");
  var svg = document.getElementById("tl-svg");
  var note = document.getElementById("chart-note");
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  var snapInput = document.getElementById("snap-date");
  var snapOut = document.getElementById("snap-out");
  var snapStatus = document.getElementById("snap-status"); // the live region: one line
  var pagers = Array.prototype.slice.call(document.querySelectorAll("nav.pager"));
  var snapHelp = snapOut.firstElementChild.cloneNode(true);

  var shown = new Uint8Array(n); // passes the filters
  var shownList = []; // indexes that pass, in order
  var page = 0;
  var printing = false; // the list holds every shown entry while the page prints
  var view = null; // [from, to] in seconds, or null for everything
  var snapT = null; // end of the chosen day in the stream's zone, in seconds
  var snapDate = ""; // that day, in words
  var snapDay = ""; // and with its zone
  var snapClass = new Int8Array(n); // 2 certainly, 1 possibly, 0 not yet (valid when snapT)

  function el(name, attrs, text) {
    var node = document.createElementNS(SVGNS, name);
    for (var key in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, key)) node.setAttribute(key, attrs[key]);
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function h(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function utc(year, month, day) {
    var d = new Date(0);
    d.setUTCFullYear(year, month, day);
    d.setUTCHours(0, 0, 0, 0);
    return d.getTime() / 1000;
  }

  // The snapshot's days are the stream's: a day ends at midnight in data.zone.
  var ZONE = data.zone || "UTC";
  var zoneParts = null;
  if (ZONE !== "UTC") {
    try {
      zoneParts = new Intl.DateTimeFormat("en-US", {
        timeZone: ZONE, hourCycle: "h23", era: "short", year: "numeric", month: "numeric",
        day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"
      });
    } catch (e) {
      ZONE = "UTC"; // a browser without that zone: say UTC rather than be wrong in silence
    }
  }
  var zoneLabel = document.querySelector('label[for="snap-date"]');
  if (zoneLabel && ZONE !== (data.zone || "UTC")) {
    zoneLabel.textContent = "What had happened by the end of this day (UTC)?";
  }

  // Seconds east of UTC that ZONE's clocks read at instant t.
  function offsetAt(t) {
    if (zoneParts === null) return 0;
    var p = {};
    zoneParts.formatToParts(new Date(t * 1000)).forEach(function (x) { p[x.type] = x.value; });
    var year = Number(p.year);
    if (/^B/.test(p.era)) year = 1 - year;
    var wall = utc(year, Number(p.month) - 1, Number(p.day)) +
      Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second);
    return wall - t;
  }

  // The instant day (year, month, day) begins in ZONE (a day whose midnight a clock change
  // skips begins at the first instant after it).
  function zoneMidnight(year, month, day) {
    var wall = utc(year, month, day);
    var t = wall - offsetAt(wall);
    return wall - offsetAt(t);
  }

  function parts(seconds) {
    var d = new Date(seconds * 1000);
    return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  }

  function yearText(y) {
    return y > 0 ? String(y) : (1 - y) + " BCE";
  }

  function dayText(seconds) {
    var p = parts(seconds);
    return p[2] + " " + MONTHS[p[1]] + " " + yearText(p[0]);
  }

  function fmt(number) {
    return number.toLocaleString("en");
  }

  /* ---- the windowed list: entries made from their lines as they are needed ---------- */

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'" };

  // The text of escaped markup: Python's html.escape writes only these references, and the
  // inert block writes newlines and some characters beyond ASCII as decimal ones.
  function unescapeText(text) {
    return text.replace(/&(amp|lt|gt|quot|#x27|#(\d+));/g, function (m, name, code) {
      return code ? String.fromCodePoint(Number(code)) : ENTITIES[name];
    });
  }

  function lineOf(i) {
    if (lines === null) {
      lines = inert ? inert.textContent.split("\n") : [];
      if (inert) inert.textContent = ""; // the lines hold it now
    }
    return lines[i - windowSize + 1] || ""; // the block starts with a newline
  }

  // Make the elements of the entries `indexes` that are not made yet, in one parse.
  function materialise(indexes) {
    var todo = [];
    for (var k = 0; k < indexes.length; k++) if (!items[indexes[k]]) todo.push(lineOf(indexes[k]));
    if (!todo.length) return;
    var template = document.createElement("template");
    template.innerHTML = todo.join("");
    Array.prototype.slice.call(template.content.children).forEach(function (li) {
      var i = Number(li.getAttribute("data-i"));
      items[i] = li;
      decorate(i);
    });
  }

  function indexOfId(id) {
    if (idIndex === null) {
      idIndex = Object.create(null);
      for (var k = ids.length - 1; k >= 0; k--) idIndex[ids[k]] = k;
    }
    return idIndex[id];
  }

  // The text of the element `tag.cls` in entry i, from the element or from its line.
  function textIn(i, tag, cls) {
    if (items[i]) {
      var node = items[i].querySelector(tag + "." + cls);
      return node ? node.textContent : "";
    }
    var line = lineOf(i);
    var at = line.indexOf("<" + tag + ' class="' + cls + '"');
    if (at < 0) return "";
    at = line.indexOf(">", at) + 1;
    return unescapeText(line.slice(at, line.indexOf("</" + tag + ">", at)));
  }

  function summaryOf(i) { return textIn(i, "a", "summary"); }

  function dateOf(i) { return textIn(i, "time", "date"); }

  // What a search looks in: the entry's text (its markup without tags), lower case.
  function searchText(i) {
    var markup = items[i] ? items[i].outerHTML : lineOf(i);
    markup = markup.replace(/<span class="snap">[^<]*<\/span>/, "");
    return unescapeText(markup.replace(/<[^>]*>/g, " ")).toLowerCase();
  }

  function searchWords() {
    var query = search ? search.value.trim().toLowerCase() : "";
    return query ? query.split(/\s+/) : [];
  }

  function matches(i, words) {
    if (!words.length) return true;
    if (haystack === null) haystack = new Array(n);
    var text = haystack[i];
    if (text === undefined) text = haystack[i] = searchText(i);
    for (var k = 0; k < words.length; k++) if (text.indexOf(words[k]) < 0) return false;
    return true;
  }

  /* ---- filters ------------------------------------------------------------------ */

  function ticked(name) {
    var set = {};
    var any = false;
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) {
        set[boxes[i].value] = true;
        any = true;
      }
    }
    return { set: set, any: any, all: boxes.length };
  }

  function anyIn(values, set) {
    for (var i = 0; i < values.length; i++) if (set[values[i]]) return true;
    return false;
  }

  function applyFilters() {
    var kinds = ticked("kind");
    var actors = ticked("actor");
    var sources = ticked("source");
    var words = searchWords();
    shownList = [];
    for (var i = 0; i < n; i++) {
      var r = rows[i];
      var ok = kinds.set[r[6]] === true &&
        (!actors.any || anyIn(r[7], actors.set)) &&
        (!sources.any || anyIn(r[8], sources.set)) &&
        matches(i, words);
      shown[i] = ok ? 1 : 0;
      if (ok) shownList.push(i);
    }
    status.textContent = shownList.length === n
      ? "Showing all " + fmt(n) + " entries."
      : "Showing " + fmt(shownList.length) + " of " + fmt(n) + " entries.";
    page = 0;
    updateList();
    if (snapInput.value) showSnapshot();
    else draw();
  }

  /* ---- the list, paged ------------------------------------------------------------ */

  function pageCount() {
    return Math.max(1, Math.ceil(shownList.length / data.pageSize));
  }

  // The list holds the entries of this page only, made as they are needed.
  function showEntries(indexes) {
    materialise(indexes);
    var fragment = document.createDocumentFragment();
    indexes.forEach(function (i) {
      if (items[i].hidden) items[i].hidden = false;
      fragment.appendChild(items[i]);
    });
    list.replaceChildren(fragment);
  }

  function updateList() {
    var size = data.pageSize;
    var first = page * size;
    if (!printing) showEntries(shownList.slice(first, first + size));
    var pages = pageCount();
    pagers.forEach(function (nav) {
      nav.textContent = "";
      nav.hidden = pages <= 1;
      if (pages <= 1) return;
      var prev = h("button", "", "← Earlier");
      prev.type = "button";
      prev.disabled = page === 0;
      prev.addEventListener("click", function () { goPage(page - 1, nav, 0); });
      var next = h("button", "", "Later →");
      next.type = "button";
      next.disabled = page >= pages - 1;
      next.addEventListener("click", function () { goPage(page + 1, nav, 1); });
      var last = Math.min(first + size, shownList.length);
      var label = h("span", "pos", "Entries " + fmt(first + 1) + "–" + fmt(last) + " of " +
        fmt(shownList.length) + " (page " + (page + 1) + " of " + pages + ")");
      nav.appendChild(prev);
      nav.appendChild(label);
      nav.appendChild(next);
    });
  }

  // Paging rebuilds the pager, so focus goes back to the same button (or the other one when
  // this one is now disabled); from the bottom pager, the list scrolls back to its top.
  function goPage(p, nav, which) {
    page = Math.max(0, Math.min(pageCount() - 1, p));
    updateList();
    var buttons = nav.querySelectorAll("button");
    var target = buttons[which] && !buttons[which].disabled ? buttons[which] : buttons[1 - which];
    if (target) target.focus({ preventScroll: true });
    if (nav === pagers[pagers.length - 1]) document.getElementById("entries").scrollIntoView();
  }

  function reveal(i) {
    if (!shown[i]) return;
    var k = shownList.indexOf(i);
    var p = Math.floor(k / data.pageSize);
    if (p !== page) {
      page = p;
      updateList();
    }
  }

  var targeted = null; // the entry a link opened (:target misses entries made after it)

  function revealHash() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var i = indexOfId(id);
    if (i === undefined || !shown[i]) return;
    reveal(i);
    var node = items[i];
    if (targeted && targeted !== node) targeted.classList.remove("opened");
    targeted = node;
    node.classList.add("opened");
    node.scrollIntoView({ block: "start" });
    var link = node.querySelector(".summary");
    if (link) link.focus({ preventScroll: true });
  }

  /* ---- snapshot --------------------------------------------------------------------- */

  function computeSnapshot() {
    if (snapT === null) return;
    for (var i = 0; i < n; i++) {
      var r = rows[i];
      var certain = r[3] === null || r[3] < snapT;
      var possible = r[2] === null || r[2] < snapT;
      snapClass[i] = certain ? 2 : possible ? 1 : 0;
    }
  }

  var SNAP_WORDS = ["not yet by then", "possibly by then", "certainly by then"];
  var SNAP_CLASS = ["s-later", "s-maybe", "s-done"];

  // Entry i as the snapshot sees it: its words and class (also for an entry made later).
  function decorate(i) {
    var node = items[i];
    var slot = node.querySelector(".snap");
    node.classList.remove("s-later", "s-maybe", "s-done");
    if (snapT === null) {
      if (slot) slot.textContent = "";
      return;
    }
    if (slot) slot.textContent = " · " + SNAP_WORDS[snapClass[i]];
    node.classList.add(SNAP_CLASS[snapClass[i]]);
  }

  function showSnapshot() {
    var raw = snapInput.value;
    var match = /^(-?\d{1,6})-(\d{2})-(\d{2})$/.exec(raw);
    snapT = null;
    if (match) {
      var y = Number(match[1]), mo = Number(match[2]) - 1, d = Number(match[3]);
      snapT = zoneMidnight(y, mo, d + 1);
      snapDate = dayText(utc(y, mo, d));
      snapDay = snapDate + " (" + ZONE + ")";
    }
    computeSnapshot();
    snapOut.textContent = "";
    for (var i = 0; i < n; i++) if (items[i]) decorate(i);
    if (snapT === null) {
      snapStatus.textContent = "";
      snapOut.appendChild(snapHelp.cloneNode(true));
      draw();
      return;
    }
    var groups = [[], [], []];
    shownList.forEach(function (i) { groups[snapClass[i]].push(i); });
    var head = h("p", "snap-sum");
    head.appendChild(h("strong", "", snapDay));
    head.appendChild(document.createTextNode(
      ": " + fmt(groups[2].length) + " certainly, " + fmt(groups[1].length) + " possibly, " +
      fmt(groups[0].length) + " not yet (of " + fmt(shownList.length) + " shown)."));
    snapOut.appendChild(head);
    snapStatus.textContent = head.textContent;
    var titles = [
      "Not yet begun",
      "Possibly begun (the date straddles the day)",
      "Certainly begun"
    ];
    var column = h("div", "snap-col");
    [2, 1, 0].forEach(function (g) {
      var list = groups[g];
      if (!list.length) return;
      var box = h("details", "snap-group " + SNAP_CLASS[g]);
      if (g === 1 || (g === 2 && list.length <= 12)) box.open = true;
      box.appendChild(h("summary", "", titles[g] + " (" + fmt(list.length) + ")"));
      var ul = h("ul");
      var shownItems = g === 2 ? list.slice(-30).reverse() : list.slice(0, 30);
      shownItems.forEach(function (i) {
        var li = h("li");
        var a = h("a", "", summaryOf(i));
        a.href = "#" + ids[i];
        li.appendChild(h("span", "d", dateOf(i)));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
        ul.appendChild(li);
      });
      if (list.length > shownItems.length) {
        ul.appendChild(h("li", "more", "and " + fmt(list.length - shownItems.length) + " more"));
      }
      box.appendChild(ul);
      column.appendChild(box);
    });
    snapOut.appendChild(column);
    showState();
    draw();
  }

  function showState() {
    var states = data.states || [];
    var best = null;
    for (var i = 0; i < states.length; i++) if (states[i].at <= snapT) best = states[i];
    if (!states.length) return;
    var box = h("section", "state");
    if (!best) {
      box.appendChild(h("p", "note", "No state recorded before this date."));
      snapOut.appendChild(box);
      return;
    }
    box.appendChild(h("h3", "", best.label));
    (best.sections || []).forEach(function (section) {
      box.appendChild(h("h4", "", section.title));
      var ul = h("ul");
      (section.items || []).forEach(function (text) { ul.appendChild(h("li", "", text)); });
      box.appendChild(ul);
    });
    snapOut.appendChild(box);
  }

  /* ---- the SVG timeline ----------------------------------------------------------- */

  var M = { left: 16, right: 16, top: 20, axis: 28 };
  var LANE = 20, MAX_LANES = 14, CHAR = 6.4;

  function domain() {
    return view || fullDomain();
  }

  // The whole range of the events, a little padded.
  function fullDomain() {
    var lo = data.min, hi = data.max;
    if (lo === null || hi === null) return [0, DAY];
    if (hi - lo < DAY) { lo -= DAY / 2; hi += DAY / 2; }
    var pad = (hi - lo) * 0.02;
    return [lo - pad, hi + pad];
  }

  // Where a row sits, for framing: the middle of its bounds (its one known end if open).
  function pointOf(r) {
    if (r[0] === null) return r[1];
    if (r[1] === null) return r[0];
    return (r[0] + r[1]) / 2;
  }

  // The first view: where the events are dense. The shortest stretch holding 80% of the
  // events (by their middles), widened to show its own short events whole, padded; long
  // background spans are drawn across it but do not set it. When that stretch is more than a
  // third of the whole range, or there are fewer than 5 events, the first view is the whole.
  function denseFrame() {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var p = pointOf(rows[i]);
      if (p !== null) pts.push([p, i]);
    }
    var m = pts.length;
    if (m < 5) return null;
    pts.sort(function (a, b) { return a[0] - b[0]; });
    var k = Math.ceil(m * 0.8), best = 0, bestW = Infinity;
    for (var a = 0; a + k - 1 < m; a++) {
      var w = pts[a + k - 1][0] - pts[a][0];
      if (w < bestW) { bestW = w; best = a; }
    }
    var lo = pts[best][0], hi = pts[best + k - 1][0];
    var short = Math.max(hi - lo, 7 * DAY);
    for (var j = best; j < best + k; j++) {
      var r = rows[pts[j][1]];
      if (r[0] !== null && r[1] !== null && r[1] - r[0] <= short) {
        lo = Math.min(lo, r[0]);
        hi = Math.max(hi, r[1]);
      }
    }
    if (hi - lo < 2 * DAY) { var c = (lo + hi) / 2; lo = c - DAY; hi = c + DAY; }
    var pad = (hi - lo) * 0.05;
    lo -= pad; hi += pad;
    var whole = fullDomain();
    if (hi - lo > (whole[1] - whole[0]) / 3) return null;
    return [lo, hi];
  }

  /* ---- the overview strip: the whole range, and where the view sits in it ------------ */

  var overview = document.getElementById("tl-overview");
  var OV_H = 30;

  function drawOverview(d0, d1) {
    if (!overview) return;
    var width = Math.max(320, Math.floor(svg.parentNode.clientWidth || 800));
    var whole = fullDomain(), w0 = whole[0], w1 = whole[1];
    var plotW = width - M.left - M.right, per = (w1 - w0) / plotW;
    function ox(t) { return M.left + (t - w0) / per; }
    overview.textContent = "";
    overview.setAttribute("viewBox", "0 0 " + width + " " + OV_H);
    overview.setAttribute("width", String(width));
    overview.setAttribute("height", String(OV_H));
    var bins = new Float64Array(Math.ceil(plotW / 2) + 1), top = 0;
    shownList.forEach(function (i) {
      var p = pointOf(rows[i]);
      if (p === null) return;
      var b = Math.max(0, Math.min(bins.length - 1, Math.floor((p - w0) / per / 2)));
      bins[b]++;
      if (bins[b] > top) top = bins[b];
    });
    var d = "";
    for (var b = 0; b < bins.length; b++) {
      if (!bins[b]) continue;
      var hgt = Math.max(1, 16 * Math.log(1 + bins[b]) / Math.log(1 + top));
      d += "M" + (M.left + b * 2) + " 20v" + (-hgt) + "h2v" + hgt + "z";
    }
    overview.appendChild(el("rect", { "class": "ov-bg", x: M.left, y: 2, width: plotW, height: 19 }));
    overview.appendChild(el("path", { "class": "ov-dens", d: d }));
    var x0 = Math.max(M.left, ox(d0)), x1 = Math.min(width - M.right, ox(d1));
    overview.appendChild(el("rect", { "class": "ov-win", x: x0, y: 1,
      width: Math.max(2, x1 - x0), height: 21 }));
    var first = parts(data.min === null ? w0 : data.min)[0];
    var last = parts(data.max === null ? w1 : data.max - 1)[0];
    overview.appendChild(el("text", { x: M.left, y: 29 }, yearText(first)));
    overview.appendChild(el("text", { x: width - M.right, y: 29, "text-anchor": "end" },
      yearText(last)));
    overview.setAttribute("aria-label", "Overview: all shown events, " + yearText(first) +
      (first === last ? "" : " to " + yearText(last)) + "; the timeline above shows " +
      dayText(d0) + " to " + dayText(d1) + ".");
  }

  var TICKS = [
    ["day", 1], ["day", 2], ["day", 7], ["month", 1], ["month", 3], ["month", 6],
    ["year", 1], ["year", 2], ["year", 5], ["year", 10], ["year", 20], ["year", 50],
    ["year", 100], ["year", 200], ["year", 500], ["year", 1000], ["year", 5000]
  ];
  var APPROX = { day: DAY, month: 30.44 * DAY, year: 365.25 * DAY };

  function ticks(d0, d1, width) {
    var want = Math.max(2, Math.floor(width / 90));
    var unit = TICKS[TICKS.length - 1];
    for (var k = 0; k < TICKS.length; k++) {
      if ((d1 - d0) / (APPROX[TICKS[k][0]] * TICKS[k][1]) <= want) { unit = TICKS[k]; break; }
    }
    var p = parts(d0);
    var out = [];
    var step = unit[1];
    var y = p[0], m = p[1], d = p[2];
    if (unit[0] === "year") { y = Math.floor(y / step) * step; m = 0; d = 1; }
    else if (unit[0] === "month") { m = Math.floor(m / step) * step; d = 1; }
    for (var guard = 0; guard < 400; guard++) {
      var t = utc(y, m, d);
      if (t > d1) break;
      if (t >= d0) out.push([t, label(unit[0], y, m, d, out.length === 0)]);
      if (unit[0] === "year") y += step;
      else if (unit[0] === "month") m += step;
      else d += step;
      if (unit[0] !== "year") { var q = parts(utc(y, m, d)); y = q[0]; m = q[1]; d = q[2]; }
    }
    return out;
  }

  function label(unit, y, m, d, first) {
    if (unit === "year") return yearText(y);
    if (unit === "month") return m === 0 || first ? MONTHS[m] + " " + yearText(y) : MONTHS[m];
    return d + " " + MONTHS[m] + (first || (m === 0 && d <= 7) ? " " + yearText(y) : "");
  }

  function draw() {
    var wrap = svg.parentNode;
    var width = Math.max(320, Math.floor(wrap.clientWidth || 800));
    var dom = domain();
    var d0 = dom[0], d1 = dom[1];
    var plotW = width - M.left - M.right;
    var scale = plotW / (d1 - d0);
    function x(t) { return M.left + (t - d0) * scale; }
    var leftEdge = M.left - 4, rightEdge = width - M.right + 4;

    var visible = [];
    for (var k = 0; k < shownList.length; k++) {
      var i = shownList[k];
      var r = rows[i];
      var lo = r[0] === null ? -Infinity : r[0];
      var hi = r[1] === null ? Infinity : r[1];
      if (hi > d0 && lo < d1) visible.push(i);
    }

    var body = el("g", { "class": "marks" });
    var lanesUsed = 1;
    var dense = visible.length > data.maxMarks;
    var withLabels = !dense && visible.length <= 80;
    if (dense) {
      lanesUsed = 4;
      var per = drawAggregates(body, visible, x, d0, d1, plotW, leftEdge, rightEdge);
      note.textContent = fmt(visible.length) + " events in view: drawn as counts per " + per +
        ". Zoom in (drag across the timeline, or select a column) to see each one.";
    } else {
      lanesUsed = drawMarks(body, visible, x, leftEdge, rightEdge, withLabels);
      note.textContent = visible.length === shownList.length
        ? fmt(visible.length) + " events drawn."
        : fmt(visible.length) + " of " + fmt(shownList.length) + " shown events are in view.";
    }
    if (snapT !== null) {
      note.textContent += " Dashed line: the end of " + snapDay +
        "; faded marks had not begun by then, dotted outlines possibly had.";
    }
    var height = M.top + lanesUsed * LANE + M.axis + 6;
    // A focused mark keeps the focus when the chart is redrawn (a resize), if still drawn.
    var active = document.activeElement;
    var focusedMark = active && svg.contains(active) && active.closest("a.m");
    var focusedI = focusedMark ? focusedMark.getAttribute("data-i") : null;
    svg.textContent = "";
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.setAttribute("data-from", String(Math.round(d0)));
    svg.setAttribute("data-to", String(Math.round(d1)));
    var axisY = M.top + lanesUsed * LANE + 4;
    var axis = el("g", { "class": "axis" });
    axis.appendChild(el("line", { x1: M.left, x2: width - M.right, y1: axisY, y2: axisY }));
    ticks(d0, d1, plotW).forEach(function (t) {
      var tx = x(t[0]);
      axis.appendChild(el("line", { "class": "grid", x1: tx, x2: tx, y1: M.top - 4, y2: axisY + 5 }));
      axis.appendChild(el("text", { x: tx + 3, y: axisY + 18 }, t[1]));
    });
    svg.appendChild(axis);
    if (snapT !== null && snapT > d0 && snapT < d1 + DAY) {
      var sx = x(snapT);
      var g = el("g", { "class": "snapline" });
      g.appendChild(el("line", { x1: sx, x2: sx, y1: 4, y2: axisY }));
      g.appendChild(el("text", { x: sx - 4, y: 12, "text-anchor": "end" }, snapDate));
      svg.appendChild(g);
    }
    svg.appendChild(body);
    fitPlates(body);
    drawOverview(d0, d1);
    if (focusedI !== null) {
      var again = body.querySelector('a.m[data-i="' + focusedI + '"]');
      if (again) again.focus({ preventScroll: true });
    }
    var brush = el("rect", { "class": "brush", x: 0, y: 0, width: 0, height: height });
    brush.style.display = "none";
    svg.appendChild(brush);
  }

  // Entries with the same bounds and the same kind of mark (eleven statements "on 3 February")
  // can be drawn as one cluster mark with a count; its tooltip lists them, and it links to the
  // first. With labels, clusters are used only as far as needed for every label to fit: the
  // biggest groups first (12 or more, then 6, 3, 2). Without labels, every group is clustered.
  function groupMarks(visible, threshold) {
    var groups = [], byKey = {};
    visible.forEach(function (i) {
      var r = rows[i];
      var key = r[0] + "|" + r[1] + "|" + r[5] + "|" + (snapT === null ? "" : snapClass[i]);
      var g = byKey[key];
      if (g === undefined) {
        g = byKey[key] = [];
        groups.push(g);
      }
      g.push(i);
    });
    var out = [];
    groups.forEach(function (g) {
      if (g.length >= threshold) out.push(g);
      else g.forEach(function (i) { out.push([i]); });
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out;
  }

  function packMarks(groups, x, leftEdge, rightEdge, withLabels) {
    var laneEnd = [];
    var placed = [];
    var dropped = 0;
    groups.forEach(function (group) {
      var i = group[0];
      var r = rows[i];
      var flags = r[5];
      var x0 = r[0] === null ? leftEdge : Math.max(leftEdge, x(r[0]));
      var x1 = r[1] === null ? rightEdge : Math.min(rightEdge, x(r[1]));
      var span = (flags & F_SPAN) !== 0;
      var radius = group.length > 1 ? 8 : 5;
      if (!span) { var cx = (x0 + x1) / 2; x0 = cx - radius; x1 = cx + radius; }
      else if (x1 - x0 < 6) { var c = (x0 + x1) / 2; x0 = c - 3; x1 = c + 3; }
      var text = "";
      // A cluster of dots shows its count in the dot, a cluster of bars in its label.
      if (withLabels && group.length > 1) {
        text = (span ? countText(group.length) + " " : "") + "entries, " + dateOf(i);
      } else if (withLabels) {
        text = summaryOf(i);
      }
      text = shorten(text);
      var textW = text ? text.length * CHAR + 8 : 0;
      // The label goes after the mark, else before it, else over the bar's start.
      var where = !text ? 0 : x1 + textW <= rightEdge ? 1 : x0 - textW >= leftEdge ? 2 : 3;
      var extentL = where === 2 ? x0 - textW : x0;
      var extentR = where === 1 ? x1 + textW : where === 3 ? Math.max(x1, x0 + textW) : x1;
      var lane = -1;
      for (var l = 0; l < laneEnd.length; l++) if (laneEnd[l] + 3 <= extentL) { lane = l; break; }
      if (lane < 0 && laneEnd.length < MAX_LANES) { lane = laneEnd.length; laneEnd.push(-Infinity); }
      if (lane < 0) {
        lane = 0;
        for (var m = 1; m < laneEnd.length; m++) if (laneEnd[m] < laneEnd[lane]) lane = m;
        if (text) dropped++;
        text = "";
        where = 0;
        extentR = x1;
      }
      laneEnd[lane] = Math.max(laneEnd[lane], extentR);
      placed.push([group, lane, x0, x1, span, flags, text, where]);
    });
    return { placed: placed, lanes: Math.max(1, laneEnd.length), dropped: dropped };
  }

  // A label longer than 48 characters is cut at a word's end, so every word it shows is a
  // whole word of the mark's accessible name (WCAG 2.5.3, label in name).
  function shorten(text) {
    if (text.length <= 48) return text;
    var cut = text.slice(0, 47), space = cut.lastIndexOf(" ");
    if (space > 0) cut = cut.slice(0, space);
    return cut.replace(/[\s,;:.–—-]+$/, "") + "…";
  }

  // The count drawn in a cluster's circle: the name starts with it (the visible "11" and the
  // label "entries, 3 February 2020" read as the name's first words).
  function countText(size) { return size > 99 ? "99+" : String(size); }

  function drawMarks(body, visible, x, leftEdge, rightEdge, withLabels) {
    var layout = null;
    var thresholds = withLabels ? [Infinity, 12, 6, 3, 2] : [2];
    for (var t = 0; t < thresholds.length; t++) {
      layout = packMarks(groupMarks(visible, thresholds[t]), x, leftEdge, rightEdge, withLabels);
      if (!layout.dropped) break;
    }
    var placed = layout.placed;
    placed.forEach(function (p) {
      var group = p[0], i = group[0], y = M.top + p[1] * LANE;
      var x0 = p[2], x1 = p[3], span = p[4], flags = p[5];
      var kind = "k" + (rows[i][6] % 10);
      for (var k = 1; k < group.length; k++) if (rows[group[k]][6] !== rows[i][6]) kind = "kc";
      var cls = "mk " + kind + (span ? " span" : "") + ((flags & F_Q) ? " q" : "");
      if (snapT !== null) cls += " " + SNAP_CLASS[snapClass[i]];
      // Each drawn mark is a link, so a keyboard reaches it with Tab and opens it with Enter
      // (or Space); its name is its date and summary (a cluster: its date, count and first).
      var a = el("a", { href: "#" + ids[i], "class": "m", "data-i": i, "data-n": group.length });
      var tip = dateOf(i) + " — " + summaryOf(i);
      // Its name holds the visible text word for word (a cluster: its count, "entries"
      // and the date; a single mark: the date and the whole summary its label shortens).
      a.setAttribute("aria-label", group.length > 1
        ? countText(group.length) + (group.length > 99 ? " (" + fmt(group.length) + ")" : "") +
          " entries, " + dateOf(i) + "; the first: " + summaryOf(i)
        : dateOf(i) + ": " + summaryOf(i));
      if (group.length > 1) {
        tip = dateOf(i) + " — " + group.length + " entries:";
        group.slice(0, 12).forEach(function (j) { tip += "\n• " + summaryOf(j); });
        if (group.length > 12) tip += "\n…and " + (group.length - 12) + " more";
      }
      a.appendChild(el("title", {}, tip));
      if (span) {
        var attrs = { "class": cls, x: x0, y: y + 4, width: Math.max(1, x1 - x0), height: 12, rx: 3 };
        var fadeR = (flags & (F_OPEN_END | F_UNK_END)) !== 0;
        var fadeL = (flags & (F_OPEN_START | F_UNK_START)) !== 0;
        if (fadeR) attrs.mask = "url(#fade-r)";
        else if (fadeL) attrs.mask = "url(#fade-l)";
        a.appendChild(el("rect", attrs));
        if (flags & F_OPEN_END) {
          a.appendChild(el("path", { "class": "arrow " + kind, d: "M" + (x1 - 6) + " " + (y + 4) +
            " L" + x1 + " " + (y + 10) + " L" + (x1 - 6) + " " + (y + 16) }));
        }
        if (flags & F_OPEN_START) {
          a.appendChild(el("path", { "class": "arrow " + kind, d: "M" + (x0 + 6) + " " + (y + 4) +
            " L" + x0 + " " + (y + 10) + " L" + (x0 + 6) + " " + (y + 16) }));
        }
      } else {
        var cx = (x0 + x1) / 2;
        a.appendChild(el("circle", { "class": cls, cx: cx, cy: y + 10, r: group.length > 1 ? 8 : 5 }));
        if (group.length > 1) {
          a.appendChild(el("text", { "class": "cnt", x: cx, y: y + 13.5 },
            countText(group.length) + " ")); // the space parts it from the label, for readers
        }
      }
      if (p[6]) {
        var tx = p[7] === 1 ? x1 + 5 : p[7] === 2 ? x0 - 5 : Math.max(x0, leftEdge) + 12;
        if (p[7] === 3) {
          // A label over its bar sits on one plate, not on a halo around each glyph: sized from
          // the estimate here, then from the text's own box once drawn (fitPlates).
          a.appendChild(el("rect", { "class": "lblbg", x: tx - 4, y: y + 2,
            width: p[6].length * CHAR + 8, height: 16, rx: 4 }));
        }
        a.appendChild(el("text", { "class": "lbl" + (p[7] === 3 ? " over" : ""), x: tx, y: y + 14,
          "text-anchor": p[7] === 2 ? "end" : "start" }, p[6]));
      }
      body.appendChild(a);
    });
    return layout.lanes;
  }

  // Size each label plate (rect.lblbg, just before its text) to the text as drawn: 4px either
  // side, the lane's height. Left at the estimate where there is no layout (getBBox fails).
  function fitPlates(body) {
    var plates = body.querySelectorAll("rect.lblbg");
    for (var k = 0; k < plates.length; k++) {
      var plate = plates[k], text = plate.nextElementSibling;
      var box = null;
      try { box = text.getBBox(); } catch (e) { box = null; }
      if (!box || !(box.width > 0)) continue;
      plate.setAttribute("x", String(box.x - 4));
      plate.setAttribute("width", String(box.width + 8));
    }
  }

  // Level of detail: zoomed out, the chart draws one column per calendar bucket in view (the
  // finest of TICKS's units that gives at most one column per 8 pixels), as tall as the log of
  // how many shown events have their middle in it; each is a link that zooms into its bucket.
  function bucketEdges(d0, d1, most) {
    var unit = TICKS[TICKS.length - 1];
    for (var k = 0; k < TICKS.length; k++) {
      if ((d1 - d0) / (APPROX[TICKS[k][0]] * TICKS[k][1]) <= most) { unit = TICKS[k]; break; }
    }
    var p = parts(d0), y = p[0], m = p[1], d = p[2], step = unit[1];
    if (unit[0] === "year") { y = Math.floor(y / step) * step; m = 0; d = 1; }
    else if (unit[0] === "month") { m = Math.floor(m / step) * step; d = 1; }
    var edges = [];
    for (var guard = 0; guard < 4 * most + 8; guard++) {
      var t = utc(y, m, d);
      edges.push(t);
      if (t >= d1) break;
      if (unit[0] === "year") y += step;
      else if (unit[0] === "month") m += step;
      else d += step;
      if (unit[0] !== "year") { var q = parts(utc(y, m, d)); y = q[0]; m = q[1]; d = q[2]; }
    }
    return { edges: edges, unit: unit };
  }

  function unitWords(unit) {
    var word = unit[0] === "day" && unit[1] === 7 ? "week" : unit[0];
    return unit[1] === 1 || word === "week" ? word : unit[1] + " " + unit[0] + "s";
  }

  function bucketText(unit, a, b) {
    var p = parts(a), q = parts(b - 1);
    if (unit[0] === "year") {
      return unit[1] === 1 ? yearText(p[0]) : yearText(p[0]) + " – " + yearText(q[0]);
    }
    if (unit[0] === "month") {
      var first = MONTHS[p[1]] + " " + yearText(p[0]);
      return unit[1] === 1 ? first : first + " – " + MONTHS[q[1]] + " " + yearText(q[0]);
    }
    return unit[1] === 1 ? dayText(a) : dayText(a) + " – " + dayText(b - 1);
  }

  function drawAggregates(body, visible, x, d0, d1, plotW, leftEdge, rightEdge) {
    var found = bucketEdges(d0, d1, Math.max(4, Math.floor(plotW / 8)));
    var edges = found.edges, count = new Float64Array(Math.max(1, edges.length - 1));
    visible.forEach(function (i) {
      var t = pointOf(rows[i]);
      if (t === null) return;
      var lo = 0, hi = count.length - 1; // the last bucket whose start is at or before t
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (edges[mid] <= t) lo = mid; else hi = mid - 1;
      }
      count[lo]++;
    });
    var top = 0;
    for (var b = 0; b < count.length; b++) top = Math.max(top, count[b]);
    var full = 4 * LANE - 4, base = M.top + full;
    for (var k = 0; k < count.length; k++) {
      if (!count[k]) continue;
      var x0 = Math.max(leftEdge, x(edges[k])), x1 = Math.min(rightEdge, x(edges[k + 1]));
      var w = Math.max(1, x1 - x0 - 1);
      var hgt = Math.max(2, full * Math.log(1 + count[k]) / Math.log(1 + top));
      var words = fmt(count[k]) + (count[k] === 1 ? " event, " : " events, ") +
        bucketText(found.unit, edges[k], edges[k + 1]);
      var a = el("a", { href: "#", "class": "agg", "data-n": count[k], "data-from": edges[k],
        "data-to": edges[k + 1], "aria-label": words + ": zoom in" });
      a.appendChild(el("title", {}, words + " (select to zoom in)"));
      a.appendChild(el("rect", { "class": "hit", x: x0, y: M.top - 4, width: w, height: full + 4 }));
      a.appendChild(el("rect", { "class": "bar", x: x0, y: base - hgt, width: w, height: hgt }));
      body.appendChild(a);
    }
    return unitWords(found.unit);
  }

  /* ---- zoom: buttons and dragging -------------------------------------------------------- */

  function setView(a, b) {
    if (!(b > a)) return;
    if (b - a < 3600) { var c = (a + b) / 2; a = c - 1800; b = c + 1800; }
    view = [a, b];
    draw();
  }

  document.querySelector(".zoom").addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var dom = domain(), w = dom[1] - dom[0], c = (dom[0] + dom[1]) / 2;
    var what = button.getAttribute("data-zoom");
    if (what === "in") setView(c - w / 4, c + w / 4);
    else if (what === "out") setView(c - w, c + w);
    else if (what === "left") setView(dom[0] - w / 3, dom[1] - w / 3);
    else if (what === "right") setView(dom[0] + w / 3, dom[1] + w / 3);
    else { view = null; draw(); }
  });

  // A drag across the timeline (from anywhere, marks included) zooms to what it covers;
  // a press without a drag on a mark is a click that opens the entry.
  var dragFrom = null, dragging = false, swallowClick = false;

  function svgX(event) {
    var box = svg.getBoundingClientRect();
    var vb = svg.viewBox.baseVal;
    return (event.clientX - box.left) * (vb && vb.width ? vb.width / box.width : 1);
  }

  function toTime(px) {
    var width = svg.viewBox.baseVal.width;
    var dom = domain();
    return dom[0] + (px - M.left) * (dom[1] - dom[0]) / (width - M.left - M.right);
  }

  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    dragFrom = svgX(event);
    dragging = false;
  });
  svg.addEventListener("pointermove", function (event) {
    if (dragFrom === null) return;
    var now = svgX(event);
    if (!dragging) {
      if (Math.abs(now - dragFrom) <= 6) return;
      dragging = true;
      svg.setPointerCapture(event.pointerId);
    }
    var brush = svg.querySelector(".brush");
    brush.setAttribute("x", String(Math.min(dragFrom, now)));
    brush.setAttribute("width", String(Math.abs(now - dragFrom)));
    brush.style.display = "";
  });
  svg.addEventListener("pointerup", function (event) {
    if (dragFrom === null) return;
    var from = dragFrom, now = svgX(event);
    dragFrom = null;
    if (!dragging) return;
    dragging = false;
    swallowClick = true;
    setTimeout(function () { swallowClick = false; }, 0);
    setView(toTime(Math.min(from, now)), toTime(Math.max(from, now)));
  });
  svg.addEventListener("pointercancel", function () {
    dragFrom = null;
    dragging = false;
    draw();
  });

  function openMark(a) {
    var i = Number(a.getAttribute("data-i"));
    if (location.hash === "#" + ids[i]) revealHash();
    else location.hash = ids[i]; // hashchange reveals it (and marks it)
  }

  // A count column zooms into its bucket; the keyboard's focus goes to what is drawn there.
  function openBucket(a) {
    setView(Number(a.getAttribute("data-from")), Number(a.getAttribute("data-to")));
    var first = svg.querySelector("a.m, a.agg");
    if (first) first.focus({ preventScroll: true });
  }

  svg.addEventListener("click", function (event) {
    var agg = event.target.closest("a.agg");
    if (agg) {
      event.preventDefault();
      if (!swallowClick) openBucket(agg);
      return;
    }
    var a = event.target.closest("a.m");
    if (swallowClick || !a) {
      if (a) event.preventDefault();
      return;
    }
    event.preventDefault();
    openMark(a);
  });
  // Enter on a focused mark is a click (it is a link); Space opens it too, as on a button.
  svg.addEventListener("keydown", function (event) {
    if (event.key !== " " || event.altKey || event.ctrlKey || event.metaKey) return;
    var a = event.target.closest && event.target.closest("a.m, a.agg");
    if (!a) return;
    event.preventDefault();
    if (a.classList.contains("agg")) openBucket(a);
    else openMark(a);
  });

  /* ---- wiring ----------------------------------------------------------------------------- */

  form.addEventListener("change", function (event) {
    if (event.target !== search) applyFilters(); // the search box filters as it is typed in
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
  snapInput.addEventListener("change", showSnapshot);
  // Typing in the search box filters after a short pause (not on every key).
  var searchTimer = 0;
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(applyFilters, 150);
    });
  }
  // Print: every entry that passes the filters, made and listed; the page again afterwards.
  function beforePrint() {
    if (printing) return;
    printing = true;
    showEntries(shownList);
  }
  function afterPrint() {
    if (!printing) return;
    printing = false;
    updateList();
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    var printMedia = window.matchMedia("print");
    var onPrint = function (event) { if (event.matches) beforePrint(); else afterPrint(); };
    if (printMedia.addEventListener) printMedia.addEventListener("change", onPrint);
  }
  snapInput.addEventListener("input", showSnapshot);
  window.addEventListener("hashchange", revealHash);
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  });

  // A press on the overview moves the view there, keeping its width (the buttons do the same
  // from the keyboard).
  if (overview) {
    overview.addEventListener("click", function (event) {
      var box = overview.getBoundingClientRect();
      var width = Number(overview.getAttribute("width")) || box.width;
      var px = (event.clientX - box.left) * width / Math.max(1, box.width);
      var whole = fullDomain(), plotW = width - M.left - M.right;
      var t = whole[0] + (px - M.left) / plotW * (whole[1] - whole[0]);
      var dom = domain(), half = (dom[1] - dom[0]) / 2;
      setView(t - half, t + half);
    });
  }

  view = denseFrame();
  applyFilters();
  if (snapInput.value) showSnapshot();
  revealHash();
  // The browser looks for the fragment's element until the page has loaded, and when it finds
  // one made here it moves the focus off it: open it again once loaded, to focus its link.
  if (location.hash && document.readyState !== "complete") {
    window.addEventListener("load", function () { setTimeout(revealHash, 0); });
  }
  if (perf) perf.mark("timeline:ready");
  document.documentElement.setAttribute("data-ready", "1");
})();
