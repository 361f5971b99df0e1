/* kehoach — the estimate grid (issue 22). Our own small script, no build step, no library:
   progressive enhancement of the server-rendered editor table, which edits without it.
   - Keys: arrows move between cells, Enter saves and moves down (Shift+Enter up), Tab and
     Shift+Tab move across, Esc puts back the saved value, typing starts editing (F2 edits
     keeping the text), Ctrl+Z / Ctrl+Y undo and redo outside a cell being edited.
   - A change is saved through the line-update endpoint; the page shows only what the server
     sent back (line total, section totals, grand total, amount in words, findings).
   - A block pasted from a spreadsheet goes to the paste endpoint; cells it could not read are
     marked on their cell with the reason.
   The arithmetic stays on the server. CSP: loaded from the app's static files, no inline code. */
(function () {
  "use strict";
  var grid = document.getElementById("estimate-grid");
  if (!grid) return;
  document.documentElement.classList.add("js");
  var rowOp = document.getElementById("row-op");
  var csrf = rowOp.querySelector("input[name=csrfmiddlewaretoken]").value;
  var queue = Promise.resolve();
  var pending = 0; // saves sent and not yet answered
  var FOCUS_KEY = "kehoach-grid-focus";

  function lock() { return document.getElementById("lock"); }
  function muc() { var m = rowOp.querySelector("input[name=muc]"); return m ? m.value : ""; }
  function isCell(el) {
    return el && el.tagName === "INPUT" && el.closest("tr.line") && !el.closest("details") &&
      el.type !== "hidden";
  }
  function cellsOf(tr) {
    return Array.prototype.filter.call(tr.querySelectorAll("input"), isCell);
  }
  function lineRows() { return Array.prototype.slice.call(grid.querySelectorAll("tbody tr.line")); }
  function saved(input) {
    if (input.dataset.saved === undefined) input.dataset.saved = input.defaultValue;
    return input.dataset.saved;
  }
  function say(text, kind) {
    var status = document.getElementById("editor-message"); // replaced by each save's answer
    status.innerHTML = "";
    if (!text) return;
    var p = document.createElement("p");
    p.className = kind || "ok";
    p.textContent = text;
    status.appendChild(p);
  }
  function setEditing(input, on) {
    input.classList.toggle("editing", on);
  }
  function editing(input) { return input.classList.contains("editing"); }

  function focusCell(input, keepText) {
    if (!input) return;
    input.focus();
    setEditing(input, false);
    if (!keepText) input.select();
  }
  function move(from, dx, dy) {
    var tr = from.closest("tr.line");
    var cells = cellsOf(tr);
    var col = cells.indexOf(from);
    if (dy) {
      var rows = lineRows();
      var r = rows.indexOf(tr) + dy;
      if (r < 0 || r >= rows.length) return false;
      var next = cellsOf(rows[r]);
      focusCell(next[Math.min(col, next.length - 1)]);
      return true;
    }
    var target = cells[col + dx];
    if (!target) { // wrap to the next / previous line
      var all = lineRows();
      var other = all[all.indexOf(tr) + dx];
      if (!other) return false;
      var oc = cellsOf(other);
      target = dx > 0 ? oc[0] : oc[oc.length - 1];
    }
    focusCell(target);
    return true;
  }

  // -- saving a line -----------------------------------------------------------------------
  function dirty(tr) {
    return cellsOf(tr).some(function (i) { return i.value !== saved(i) && i.value !== i.dataset.sent; });
  }
  function applyOob(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    Array.prototype.forEach.call(t.content.querySelectorAll("[hx-swap-oob]"), function (el) {
      el.removeAttribute("hx-swap-oob");
      var old = document.getElementById(el.id);
      if (old) old.replaceWith(el);
    });
  }
  function markRefused(tr) {
    var pk = tr.dataset.line;
    var box = document.getElementById("findings-" + pk);
    cellsOf(tr).forEach(function (i) { i.removeAttribute("aria-invalid"); i.removeAttribute("title"); });
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll("[data-refused][data-field]"), function (p) {
      var input = tr.querySelector("input[name='line-" + pk + "-" + p.dataset.field + "']");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.title = p.textContent;
        if (!p.id) p.id = "refused-" + pk + "-" + p.dataset.field;
        input.setAttribute("aria-describedby", p.id);
      }
    });
  }
  function postRow(tr) {
    if (!tr.isConnected || !dirty(tr)) return Promise.resolve();
    var pk = tr.dataset.line;
    var body = new URLSearchParams();
    var sent = cellsOf(tr).map(function (i) {
      body.append(i.name, i.value);
      i.dataset.sent = i.value;
      return [i, i.value];
    });
    var version = document.getElementById("v-" + pk);
    if (version) body.append(version.name, version.value);
    body.append("lock_version", lock().value);
    var started = performance.now();
    return fetch(tr.dataset.update, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "HX-Request": "true", "X-Kehoach-Findings": "later" },
      body: body,
    }).then(function (response) {
      return response.text().then(function (html) {
        var box = document.getElementById("findings-" + pk);
        applyOob(html);
        if (box && box === document.getElementById("findings-" + pk)) {
          // Saved: the figures came back; the refusals shown before are gone, and the
          // findings follow in a second request once the person pauses.
          Array.prototype.forEach.call(box.querySelectorAll("[data-refused]"), function (p) { p.remove(); });
          askFindings(pk);
        }
        markRefused(tr);
        var refusedNames = cellsOf(tr).filter(function (i) { return i.getAttribute("aria-invalid"); })
          .map(function (i) { return i.name; });
        var stale = !!document.querySelector("#editor-message .error");
        sent.forEach(function (pair) {
          delete pair[0].dataset.sent;
          if (!stale && response.ok && refusedNames.indexOf(pair[0].name) < 0) pair[0].dataset.saved = pair[1];
        });
        if (!stale && refusedNames.length === 0) enableUndo(true, false);
        grid.dataset.roundTrip = String(Math.round(performance.now() - started));
        grid.dispatchEvent(new CustomEvent("grid:saved", { detail: { line: pk } }));
      });
    }).catch(function () {
      sent.forEach(function (pair) { delete pair[0].dataset.sent; });
      say(grid.dataset.sayOffline, "error");
    });
  }
  // The findings after saves, asked for once typing pauses (rerunning the checks of a large
  // plan is the slow part of a save; the figures come back without waiting for it).
  var findingsFor = {};
  var findingsTimer = null;
  function askFindings(pk) {
    findingsFor[pk] = true;
    clearTimeout(findingsTimer);
    findingsTimer = setTimeout(function () {
      var lines = Object.keys(findingsFor);
      findingsFor = {};
      // Not in the saves' queue: a save never waits for the checks.
      fetch(grid.dataset.findings + "?lines=" + lines.join(","), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (pending > 0) { lines.forEach(askFindings); return; } // a newer save is on its way
          applyOob(html);
          grid.dispatchEvent(new CustomEvent("grid:findings"));
        })
        .catch(function () { /* the next save asks again */ });
    }, 350);
  }

  function commit(input) {
    var tr = input.closest("tr.line");
    setEditing(input, false);
    if (!tr || !dirty(tr)) return queue;
    pending += 1;
    queue = queue.then(function () { return postRow(tr); })
      .catch(function (err) { say(grid.dataset.sayBroken + " " + err, "error"); })
      .then(function () { pending -= 1; });
    return queue;
  }

  // -- keys ----------------------------------------------------------------------------------
  grid.addEventListener("focusin", function (e) {
    if (!isCell(e.target)) return;
    saved(e.target);
    if (!editing(e.target)) e.target.select();
  });
  grid.addEventListener("focusout", function (e) {
    if (isCell(e.target)) commit(e.target);
  });
  grid.addEventListener("dblclick", function (e) {
    if (isCell(e.target)) setEditing(e.target, true); // as F2: edit the text where clicked
  });
  grid.addEventListener("input", function (e) {
    if (isCell(e.target)) setEditing(e.target, true);
  });
  grid.addEventListener("keydown", function (e) {
    var input = e.target;
    if (input.closest && input.closest("td.new-line") && e.key === "Enter") {
      // The new-line box adds its line to its own section (not the page form's first button).
      e.preventDefault();
      var button = input.closest("td").querySelector("button");
      remember({ section: input.closest("tr").dataset.section });
      rowOp.requestSubmit(button);
      return;
    }
    if (!isCell(input) || e.isComposing || e.altKey) return;
    var ctrl = e.ctrlKey || e.metaKey;
    var inEdit = editing(input);
    switch (e.key) {
      case "ArrowUp":
      case "ArrowDown":
        if (ctrl) return;
        e.preventDefault();
        commit(input);
        move(input, 0, e.key === "ArrowUp" ? -1 : 1);
        return;
      case "ArrowLeft":
      case "ArrowRight":
        if (inEdit || ctrl) return;
        e.preventDefault();
        move(input, e.key === "ArrowLeft" ? -1 : 1, 0);
        return;
      case "Enter":
        e.preventDefault();
        commit(input);
        if (!move(input, 0, e.shiftKey ? -1 : 1)) focusCell(input);
        return;
      case "Tab":
        if (move(input, e.shiftKey ? -1 : 1, 0)) e.preventDefault();
        return;
      case "Escape":
        e.preventDefault();
        input.value = saved(input);
        input.removeAttribute("aria-invalid");
        focusCell(input);
        return;
      case "F2":
        e.preventDefault();
        setEditing(input, true);
        input.setSelectionRange(input.value.length, input.value.length);
        return;
      case "Backspace":
      case "Delete":
        if (!inEdit) setEditing(input, true);
        return;
    }
    if (ctrl && !inEdit && (e.key === "z" || e.key === "Z" || e.key === "y")) {
      e.preventDefault();
      undo(e.key === "y" || e.shiftKey);
      return;
    }
    if (e.key.length === 1 && !ctrl && !inEdit) {
      setEditing(input, true); // typing replaces the selected value, as in a spreadsheet
    }
  });

  // -- repainting several lines (paste, undo) ------------------------------------------------
  function applyParts(data) {
    var tbody = grid.querySelector("tbody");
    tbody.innerHTML = data.rows;
    var tfoot = grid.querySelector("tfoot");
    var t = document.createElement("template");
    t.innerHTML = data.footer.trim();
    if (tfoot && t.content.firstElementChild) tfoot.replaceWith(t.content.firstElementChild);
    document.getElementById("all-findings").innerHTML = data.findings;
    document.getElementById("findings-bar").innerHTML = data.bar;
    lock().value = data.lock;
    if (data.undo) enableUndo(data.undo.undo > 0, data.undo.redo > 0);
  }
  function postJson(url, body) {
    body.append("lock_version", lock().value);
    if (muc()) body.append("muc", muc());
    return queue.then(function () {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        body: body,
      }).then(function (r) {
        return r.json().then(function (data) { data.status = r.status; return data; });
      });
    });
  }

  // -- paste from a spreadsheet ----------------------------------------------------------------
  grid.addEventListener("paste", function (e) {
    var input = e.target;
    if (!isCell(input) || !e.clipboardData) return;
    var text = e.clipboardData.getData("text/plain");
    if (!/[\t\r\n]/.test(text.replace(/[\r\n]+$/, ""))) return; // one cell: the input's own paste
    e.preventDefault();
    var tr = input.closest("tr.line");
    var field = input.name.replace("line-" + tr.dataset.line + "-", "");
    var versions = {};
    lineRows().forEach(function (row) {
      var v = document.getElementById("v-" + row.dataset.line);
      if (v) versions[row.dataset.line] = v.value;
    });
    commit(input);
    var body = new URLSearchParams();
    body.append("line", tr.dataset.line);
    body.append("field", field);
    body.append("text", text);
    body.append("versions", JSON.stringify(versions));
    say(grid.dataset.sayPasting);
    var name = input.name;
    postJson(grid.dataset.paste, body).then(function (data) {
      if (data.status !== 200 || !data.rows) { say(data.message, "error"); return; }
      applyParts(data);
      (data.errors || []).forEach(function (err) {
        var cell = grid.querySelector("input[name='" + err.name + "']");
        if (!cell) return;
        cell.dataset.saved = cell.value;
        cell.value = err.text;
        cell.setAttribute("aria-invalid", "true");
        cell.title = err.message;
        var box = document.getElementById("findings-" + cell.closest("tr.line").dataset.line);
        if (box) {
          var p = document.createElement("p");
          p.className = "finding sev-error";
          p.id = "refused-" + err.name;
          p.dataset.field = err.field;
          p.dataset.refused = "1";
          var sev = document.createElement("strong");
          sev.className = "sev";
          sev.textContent = grid.dataset.sayError + ":";
          p.appendChild(sev);
          p.appendChild(document.createTextNode(" "));
          p.appendChild(document.createTextNode("«" + err.text + "» — " + err.message));
          box.appendChild(p);
          cell.setAttribute("aria-describedby", p.id);
        }
      });
      say(data.message, data.errors && data.errors.length ? "error" : "ok");
      focusCell(grid.querySelector("input[name='" + name + "']"));
      grid.dispatchEvent(new CustomEvent("grid:pasted"));
    });
  });

  // -- undo / redo -----------------------------------------------------------------------------
  var undoButton = document.getElementById("undo");
  var redoButton = document.getElementById("redo");
  function enableUndo(canUndo, canRedo) {
    if (undoButton) undoButton.disabled = !canUndo;
    if (redoButton) redoButton.disabled = !canRedo;
  }
  function undo(redo) {
    var active = document.activeElement;
    var field = isCell(active) ? active.name.replace(/^line-\d+-/, "") : "content";
    var body = new URLSearchParams();
    if (redo) body.append("redo", "1");
    return postJson(grid.dataset.undo, body).then(function (data) {
      if (data.status !== 200 || !data.rows) { say(data.message, "error"); return; }
      applyParts(data);
      say(data.message, "ok");
      var cell = grid.querySelector("input[name='line-" + data.line + "-" + field + "']");
      focusCell(cell);
      grid.dispatchEvent(new CustomEvent("grid:undone"));
    });
  }
  [undoButton, redoButton].forEach(function (button) {
    if (!button) return;
    button.addEventListener("click", function (e) {
      e.preventDefault();
      undo(button === redoButton);
    });
  });

  // -- the grid's height: its header and its totals/words footer stay in the window --------
  var wrap = grid.closest(".table-wrap");
  function fit() {
    if (window.innerWidth <= 700) { wrap.style.maxHeight = ""; return; } // phones: the page scrolls
    var top = wrap.getBoundingClientRect().top + window.scrollY;
    var room = window.innerHeight - Math.min(top, 0.35 * window.innerHeight) - 12;
    wrap.style.maxHeight = Math.max(320, Math.round(room)) + "px";
  }
  fit();
  window.addEventListener("resize", fit);

  // -- the row menu: move to a section chosen from a list; focus kept across reloads ----------
  var keys = document.getElementById("section-keys");
  grid.addEventListener("toggle", function (e) {
    var details = e.target;
    if (!details.open || !keys) return;
    var field = details.querySelector(".move-to input");
    if (!field) return;
    var select = document.createElement("select");
    select.name = field.name;
    select.setAttribute("form", "row-op");
    select.setAttribute("aria-label", field.getAttribute("aria-label"));
    var blank = document.createElement("option");
    blank.value = "";
    blank.textContent = "—";
    select.appendChild(blank);
    Array.prototype.forEach.call(keys.options, function (o) {
      var option = document.createElement("option");
      option.value = o.value;
      option.textContent = o.textContent;
      select.appendChild(option);
    });
    field.replaceWith(select);
  }, true);
  function remember(what) {
    try { sessionStorage.setItem(FOCUS_KEY, JSON.stringify(what)); } catch (err) { /* private mode */ }
  }
  rowOp.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (pending > 0) { // a cell's save is on its way: the page reloads once it is answered
      e.preventDefault();
      queue.then(function () { rowOp.requestSubmit(button || undefined); });
      return;
    }
    if (!button) return;
    var tr = button.closest("tr");
    if (tr && tr.dataset.line) remember({ line: tr.dataset.line, where: button.name });
  });
  (function restore() {
    var raw = null;
    try { raw = sessionStorage.getItem(FOCUS_KEY); sessionStorage.removeItem(FOCUS_KEY); } catch (err) { return; }
    if (!raw) return;
    var what = JSON.parse(raw);
    var target = null;
    if (what.section) {
      var row = grid.querySelector("tr.section[data-section='" + what.section + "']");
      var last = null;
      for (var r = row && row.nextElementSibling; r && !r.classList.contains("section"); r = r.nextElementSibling) {
        if (r.classList.contains("line")) last = r;
      }
      target = last;
    } else if (what.line) {
      target = document.getElementById("line-" + what.line);
      if (target && what.where === "above" || target && what.where === "below") {
        var rows = lineRows();
        target = rows[rows.indexOf(target) + (what.where === "above" ? -1 : 1)] || target;
      }
    }
    if (target) {
      var cell = cellsOf(target)[1];
      target.scrollIntoView({ block: "center" });
      focusCell(cell);
    }
  })();
})();
