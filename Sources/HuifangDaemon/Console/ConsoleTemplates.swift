import Mustache

/// The console's pages, as mustache templates (rendered on the server; every value is
/// HTML-escaped by `{{…}}`; nothing uses the unescaped `{{{…}}}`). Each page includes the
/// `head` and `foot` partials. Every form posts with the session's CSRF token.
enum ConsoleTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in templates { try library.register(text, named: name) }
        return library
    }

    static let templates: [String: String] = [
        "head": """
            <!doctype html>
            <html lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · {{t.product}}</title>
            <link rel="stylesheet" href="/static/console.css">
            </head>
            <body>
            <a class="skip" href="#main">{{t.skip}}</a>
            {{#me}}
            <header>
              <nav aria-label="{{t.product}}">
                <ul>
                {{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}
                </ul>
                <div class="who">
                  <span>{{me}}</span>
                  <a href="?lang={{t.switch.code}}" lang="{{t.switch.code}}">{{t.switch.label}}</a>
                  <form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.logout}}</button></form>
                </div>
              </nav>
            </header>
            {{/me}}
            <main id="main">
            <h1>{{title}}</h1>
            {{#flash}}<p class="flash" role="status">{{.}}</p>{{/flash}}
            {{#error}}<p class="error" role="alert">{{.}}</p>{{/error}}
            """,
        "foot": """
            </main>
            </body>
            </html>
            """,
        "message": """
            {{> head}}
            {{#link}}<p><a href="{{href}}">{{label}}</a></p>{{/link}}
            {{> foot}}
            """,
        "login": """
            {{> head}}
            <form method="post" action="/login" class="card narrow">
              <input type="hidden" name="csrf" value="{{csrf}}">
              <label for="name">{{t.login.name}}</label>
              <input id="name" name="name" autocomplete="username" required value="{{name}}">
              <label for="password">{{t.login.password}}</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">{{t.login.submit}}</button>
            </form>
            {{> foot}}
            """,
        "today": """
            {{> head}}
            {{#sections}}
            <section aria-labelledby="s-{{id}}">
              <h2 id="s-{{id}}">{{heading}} <span class="count">{{count}}</span></h2>
              {{^tasks}}<p class="muted">{{empty}}</p>{{/tasks}}
              {{#tasks}}
              <article class="card task{{#urgent}} urgent{{/urgent}}{{#overdue}} overdue{{/overdue}}" id="task-{{id}}">
                <h3>{{#customer_id}}<a href="/customers/{{customer_id}}">{{customer}}</a>{{/customer_id}}{{^customer_id}}{{customer}}{{/customer_id}} {{#salutation}}<span class="muted">{{salutation}}</span>{{/salutation}}</h3>
                <dl>
                  {{#phone}}<dt>{{t.task.phone}}</dt><dd><a href="tel:{{phone}}">{{phone_shown}}</a></dd>{{/phone}}
                  {{#service}}<dt>{{t.task.service}}</dt><dd>{{service}}</dd>{{/service}}
                  {{#visit}}<dt>{{t.task.visit}}</dt><dd>{{visit}}</dd>{{/visit}}
                  <dt>{{t.task.due}}</dt><dd>{{due}}</dd>
                  <dt>{{t.task.assignee}}</dt><dd>{{assignee}}</dd>
                  <dt>{{t.task.say}}</dt><dd>{{text}}</dd>
                </dl>
                <form method="post" action="/tasks/{{id}}" class="outcome">
                  <input type="hidden" name="csrf" value="{{csrf}}">
                  <label for="note-{{id}}">{{t.task.note}}</label>
                  <input id="note-{{id}}" name="note" maxlength="2000">
                  <div class="buttons">
                    <button type="submit" name="outcome" value="done">{{t.task.done}}</button>
                    <button type="submit" name="outcome" value="no-answer">{{t.task.noanswer}}</button>
                    <button type="submit" name="outcome" value="abnormal" class="warn">{{t.task.abnormal}}</button>
                  </div>
                </form>
              </article>
              {{/tasks}}
            </section>
            {{/sections}}
            {{> foot}}
            """,
        "customers": """
            {{> head}}
            <form method="get" action="/customers" class="search" role="search">
              <label for="q">{{t.customers.find}}</label>
              <input id="q" name="q" value="{{q}}" inputmode="search" autofocus>
              <button type="submit">{{t.customers.search}}</button>
            </form>
            {{#searched}}{{^found}}<p class="muted">{{none}}</p>{{/found}}{{/searched}}
            {{#has_found}}
            <table>
              <thead><tr><th scope="col">#</th><th scope="col">{{t.customer.name}}</th><th scope="col">{{t.customer.phone}}</th><th scope="col">{{t.customer.email}}</th>{{#show_branch}}<th scope="col">{{t.customer.branch}}</th>{{/show_branch}}</tr></thead>
              <tbody>
              {{#found}}<tr><td>{{id}}</td><td><a href="/customers/{{id}}">{{name}}</a></td><td>{{phone}}</td><td>{{email}}</td>{{#show_branch}}<td>{{branch}}</td>{{/show_branch}}</tr>{{/found}}
              </tbody>
            </table>
            {{/has_found}}
            {{#may_import}}<p><a href="/import">{{t.import.link}}</a></p>{{/may_import}}
            {{#may_add}}
            <section class="card" aria-labelledby="c-add">
              <h2 id="c-add">{{t.record.new}}</h2>
              <form method="post" action="/customers">
                <input type="hidden" name="csrf" value="{{csrf}}">
                {{#new}}
                <label for="n-name">{{t.customer.name}}</label><input id="n-name" name="name" value="{{name}}" required maxlength="100">
                <label for="n-phone">{{t.customer.phone}}</label><input id="n-phone" name="phone" value="{{phone}}" inputmode="tel">
                <label for="n-gender">{{t.record.gender}}</label>
                <select id="n-gender" name="gender">{{#genders}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/genders}}</select>
                <label for="n-birthday">{{t.customer.birthday}}</label><input id="n-birthday" name="birthday" value="{{birthday}}" placeholder="{{t.record.birthday_hint}}">
                <label for="n-notes">{{t.customer.notes}}</label><textarea id="n-notes" name="notes" maxlength="2000">{{notes}}</textarea>
                {{/new}}
                <button type="submit">{{t.record.add}}</button>
              </form>
            </section>
            {{/may_add}}
            {{> foot}}
            """,
        "import": """
            {{> head}}
            {{#done}}
            <section class="card" aria-labelledby="i-result">
              <h2 id="i-result">{{t.import.result}}</h2>
              <p>{{summary}}</p>
              <p class="{{#ok}}flash{{/ok}}{{^ok}}error{{/ok}}">{{result}}</p>
              {{#ignored}}<p class="muted">{{t.import.ignored}}{{.}}</p>{{/ignored}}
              <ul class="story">{{#errors}}<li><span class="when">{{line}}</span>{{text}}</li>{{/errors}}</ul>
              {{#more}}<p class="muted">{{.}}</p>{{/more}}
            </section>
            {{/done}}
            <section class="card" aria-labelledby="i-form">
              <h2 id="i-form">{{t.import.upload}}</h2>
              <dl>{{#kinds}}<dt>{{label}}</dt><dd class="muted">{{help}}</dd>{{/kinds}}</dl>
              <p class="muted">{{t.import.help}}</p>
              <form method="post" action="/import" enctype="multipart/form-data">
                <input type="hidden" name="csrf" value="{{csrf}}">
                <label for="i-kind">{{t.import.kind}}</label>
                <select id="i-kind" name="kind">{{#kinds}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/kinds}}</select>
                <label for="i-file">{{t.import.file}}</label><input id="i-file" name="file" type="file" accept=".csv,text/csv" required>
                <label class="check"><input type="checkbox" name="skip_invalid" value="1"> {{t.import.skip}}</label>
                <button type="submit">{{t.import.go}}</button>
              </form>
            </section>
            {{> foot}}
            """,
        "customer": """
            {{> head}}
            <div class="grid">
            <section class="card" aria-labelledby="c-facts">
              <h2 id="c-facts">{{t.customer.story}}</h2>
              <p><a href="/appointments?customer={{id}}#a-add">{{t.appointments.add}}</a></p>
              <dl>
                {{#branch}}<dt>{{t.customer.branch}}</dt><dd>{{branch}}</dd>{{/branch}}
                <dt>{{t.customer.phone}}</dt><dd>{{#phone}}<a href="tel:{{phone}}">{{phone_shown}}</a>{{/phone}}{{^phone}}-{{/phone}}</dd>
                <dt>{{t.customer.email}}</dt><dd>{{email_shown}}</dd>
                <dt>{{t.customer.birthday}}</dt><dd>{{birthday}}</dd>
                <dt>{{t.customer.tier}}</dt><dd>{{tier}}</dd>
                <dt>{{t.customer.points}}</dt><dd>{{points}}</dd>
                {{#has_pets}}<dt>{{t.record.pets}}</dt><dd>{{pets_shown}}</dd>{{/has_pets}}
                <dt>{{t.customer.consent}}</dt><dd>{{opted_out}}</dd>
                <dt>{{t.customer.notes}}</dt><dd>{{notes_shown}}</dd>
              </dl>
            </section>
            <details class="card form">
              <summary><h2 id="c-edit">{{t.customer.edit}}</h2></summary>
              <form method="post" action="/customers/{{id}}/edit">
                <input type="hidden" name="csrf" value="{{csrf}}">
                <label for="e-name">{{t.customer.name}}</label><input id="e-name" name="name" value="{{name}}" required maxlength="100">
                <label for="e-phone">{{t.customer.phone}}</label><input id="e-phone" name="phone" value="{{phone_shown}}" inputmode="tel">
                <label for="e-email">{{t.customer.email}}</label><input id="e-email" name="email" value="{{email}}" type="email">
                <label for="e-notes">{{t.customer.notes}}</label><textarea id="e-notes" name="notes" maxlength="2000">{{notes}}</textarea>
                <button type="submit">{{t.customer.save}}</button>
              </form>
            </details>
            <details class="card form">
              <summary><h2 id="c-contact">{{t.customer.contact.add}}</h2></summary>
              <form method="post" action="/customers/{{id}}/contacts">
                <input type="hidden" name="csrf" value="{{csrf}}">
                <label for="k-channel">{{t.customer.contact.channel}}</label>
                <select id="k-channel" name="channel">{{#contact_channels}}<option value="{{value}}">{{label}}</option>{{/contact_channels}}</select>
                <label for="k-note">{{t.customer.contact.note}}</label><textarea id="k-note" name="note" required maxlength="2000"></textarea>
                <button type="submit">{{t.customer.contact.save}}</button>
              </form>
            </details>
            {{#may_visit}}
            <details class="card form"{{#visit_open}} open{{/visit_open}}>
              <summary><h2 id="c-visit">{{t.record.visit}}</h2></summary>
              <form method="post" action="/customers/{{id}}/visits">
                <input type="hidden" name="csrf" value="{{csrf}}">
                <label for="v-service">{{t.record.service}}</label><input id="v-service" name="service" list="v-services" required maxlength="100" value="{{visit.service}}">
                <datalist id="v-services">{{#services}}<option value="{{.}}">{{/services}}</datalist>
                <label for="v-staff">{{t.record.staff}}</label>
                <select id="v-staff" name="staff">{{#visit_staff}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/visit_staff}}</select>
                {{#has_pets}}<label for="v-pet">{{t.record.pet}}</label>
                <select id="v-pet" name="pet">{{#pets}}<option value="{{id}}">{{name}}</option>{{/pets}}<option value="">-</option></select>{{/has_pets}}
                <label for="v-amount">{{t.record.amount}}</label><input id="v-amount" name="amount" inputmode="decimal" placeholder="0.00" value="{{visit.amount}}">
                <button type="submit">{{t.record.save}}</button>
              </form>
            </details>
            {{/may_visit}}
            {{#may_add_pet}}
            <details class="card form">
              <summary><h2 id="c-pet">{{t.record.pet_add}}</h2></summary>
              <form method="post" action="/customers/{{id}}/pets">
                <input type="hidden" name="csrf" value="{{csrf}}">
                <label for="t-name">{{t.record.pet_name}}</label><input id="t-name" name="name" required maxlength="100">
                <label for="t-species">{{t.record.species}}</label>
                <select id="t-species" name="species">{{#species}}<option value="{{value}}">{{label}}</option>{{/species}}</select>
                <label for="t-breed">{{t.record.breed}}</label><input id="t-breed" name="breed" maxlength="100" placeholder="泰迪">
                <label for="t-birthday">{{t.customer.birthday}}</label><input id="t-birthday" name="birthday" placeholder="2020年3月1日">
                <button type="submit">{{t.record.add}}</button>
              </form>
            </details>
            {{/may_add_pet}}
            {{#may_complain}}
            <details class="card form"{{#complaint_open}} open{{/complaint_open}}>
              <summary><h2 id="c-complaint">{{t.record.complaint}}</h2></summary>
              <form method="post" action="/customers/{{id}}/complaints">
                <input type="hidden" name="csrf" value="{{csrf}}">
                <label for="p-channel">{{t.record.channel}}</label>
                <select id="p-channel" name="channel">{{#complaint_channels}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/complaint_channels}}</select>
                <label for="p-severity">{{t.record.severity}}</label>
                <select id="p-severity" name="severity">{{#severities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/severities}}</select>
                <label for="p-content">{{t.record.content}}</label><textarea id="p-content" name="content" required maxlength="2000">{{complaint.content}}</textarea>
                <button type="submit">{{t.record.save}}</button>
              </form>
            </details>
            {{/may_complain}}
            </div>
            {{#lists}}
            <section aria-labelledby="l-{{id}}">
              <h2 id="l-{{id}}">{{heading}}</h2>
              {{^rows}}<p class="muted">-</p>{{/rows}}
              {{#has_rows}}<ul class="story">{{/has_rows}}
              {{#rows}}<li><span class="when">{{when}}</span> {{what}}{{#has_why}}<details><summary>{{t.customer.why}}</summary><ol>{{#why}}<li><span class="when">{{at}}</span> {{event}}{{#has_detail}}：{{detail}}{{/has_detail}}</li>{{/why}}</ol></details>{{/has_why}}</li>{{/rows}}
              {{#has_rows}}</ul>{{/has_rows}}
            </section>
            {{/lists}}
            {{> foot}}
            """,
        "appointments": """
            {{> head}}
            <form method="get" action="/appointments" class="search">
              <label for="a-date">{{t.appointments.date}}</label><input id="a-date" name="date" type="date" value="{{date}}">
              <label for="a-view">{{t.appointments.week}}/{{t.appointments.day}}</label>
              <select id="a-view" name="view"><option value="day"{{#day}} selected{{/day}}>{{t.appointments.day}}</option><option value="week"{{^day}} selected{{/day}}>{{t.appointments.week}}</option></select>
              <label for="a-staff">{{t.appointments.staff}}</label>
              <select id="a-staff" name="staff"><option value="">{{t.appointments.all}}</option>{{#staff}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/staff}}</select>
              <button type="submit">{{t.appointments.go}}</button>
            </form>
            {{^days}}<p class="muted">{{t.appointments.none}}</p>{{/days}}
            {{#days}}
            <section aria-labelledby="d-{{key}}">
              <h2 id="d-{{key}}">{{label}}</h2>
              {{#rows}}
              <article class="card appt {{status}}">
                <h3>{{time}} <a href="/customers/{{customer_id}}">{{customer}}</a> · {{service}}</h3>
                <p>{{staff_name}} · {{place}} · <span class="tag">{{status_text}}</span> {{#phone}}<a href="tel:{{phone}}">{{phone_shown}}</a>{{/phone}}</p>
                {{#visit_link}}<p><a href="{{visit_link}}">{{t.record.visit}}</a></p>{{/visit_link}}
                {{#open}}
                <div class="buttons">
                  <form method="post" action="/appointments/{{id}}/confirm"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.appointments.confirm}}</button></form>
                  <form method="post" action="/appointments/{{id}}/checkin"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.appointments.checkin}}</button></form>
                  <form method="post" action="/appointments/{{id}}/cancel"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="warn">{{t.appointments.cancel}}</button></form>
                  <form method="post" action="/appointments/{{id}}/reschedule" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
                    <label for="r-{{id}}">{{t.appointments.start}}</label><input id="r-{{id}}" name="start" placeholder="明天 15:00" required>
                    <button type="submit">{{t.appointments.reschedule}}</button></form>
                </div>
                {{/open}}
              </article>
              {{/rows}}
            </section>
            {{/days}}
            <section class="card" aria-labelledby="a-add">
              <h2 id="a-add">{{t.appointments.add}}</h2>
              <form method="post" action="/appointments">
                <input type="hidden" name="csrf" value="{{csrf}}">
                {{#chosen}}<p>{{t.appointments.customer}}{{t.colon}}<a href="/customers/{{id}}">{{name}}</a> {{phone}}</p><input type="hidden" name="customer_id" value="{{id}}">{{/chosen}}
                {{#new}}
                {{^chosen}}<label for="n-customer">{{t.appointments.customer}}</label><input id="n-customer" name="customer" required placeholder="{{t.appointments.who_hint}}" value="{{customer}}">{{/chosen}}
                <label for="n-service">{{t.appointments.service}}</label><input id="n-service" name="service" required value="{{service}}">
                <label for="n-staff">{{t.appointments.staff}}</label>
                <select id="n-staff" name="staff">{{#book_staff}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/book_staff}}</select>
                <label for="n-start">{{t.appointments.start}}</label><input id="n-start" name="start" placeholder="明天 15:00" required value="{{start}}">
                <label for="n-duration">{{t.appointments.duration}}</label><input id="n-duration" name="duration" inputmode="numeric" value="{{duration}}">
                <label for="n-place">{{t.appointments.place}}</label><input id="n-place" name="place" value="{{place}}">
                {{/new}}
                <button type="submit">{{t.appointments.add}}</button>
              </form>
            </section>
            {{> foot}}
            """,
        "complaints": """
            {{> head}}
            <div class="board">
            {{#columns}}
            <section aria-labelledby="k-{{status}}">
              <h2 id="k-{{status}}">{{heading}} <span class="count">{{count}}</span></h2>
              {{^items}}<p class="muted">{{t.complaints.none}}</p>{{/items}}
              {{#items}}
              <article class="card complaint{{#late}} overdue{{/late}}{{#escalated}} escalated{{/escalated}}">
                <h3>#{{id}} <a href="/customers/{{customer_id}}">{{customer}}</a> <span class="tag">{{severity}}</span></h3>
                <p>{{content}}</p>
                <p class="deadline">{{deadline}}{{#escalated}} · <strong>{{t.complaints.escalated}}</strong>{{/escalated}}</p>
                <p class="muted">{{t.complaints.owner}}{{t.colon}}{{owner}}</p>
                <form method="post" action="/complaints/{{id}}">
                  <input type="hidden" name="csrf" value="{{csrf}}">
                  <label for="cn-{{id}}">{{t.complaints.note}}</label><input id="cn-{{id}}" name="note" maxlength="2000">
                  <div class="buttons">
                  {{#can_respond}}<button type="submit" name="action" value="respond">{{t.complaints.respond}}</button>{{/can_respond}}
                  {{#can_resolve}}<button type="submit" name="action" value="resolve">{{t.complaints.resolve}}</button>{{/can_resolve}}
                  {{#can_answer}}<button type="submit" name="action" value="satisfied">{{t.complaints.satisfied}}</button>
                  <button type="submit" name="action" value="not-satisfied" class="warn">{{t.complaints.notsatisfied}}</button>{{/can_answer}}
                  </div>
                </form>
              </article>
              {{/items}}
            </section>
            {{/columns}}
            </div>
            {{> foot}}
            """,
        "messages": """
            {{> head}}
            <table>
              <caption class="sr">{{t.messages.title}}</caption>
              <thead><tr><th scope="col">{{t.messages.endpoint}}</th><th scope="col">{{t.messages.state}}</th><th scope="col">{{t.messages.pending}}</th><th scope="col">{{t.messages.overdue}}</th><th scope="col">{{t.messages.dead}}</th><th scope="col">{{t.messages.delivered}}</th><th scope="col">{{t.messages.lag}}</th><th scope="col"></th></tr></thead>
              <tbody>
              {{#endpoints}}
              <tr class="{{state}}"><th scope="row">{{label}}</th><td><span class="tag">{{state_text}}</span></td><td>{{pending}}</td><td>{{overdue}}</td><td>{{dead}}</td><td>{{delivered}}</td><td>{{lag}}</td>
                <td><form method="post" action="/endpoints/{{name}}/{{toggle}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{toggle_label}}</button></form></td></tr>
              {{/endpoints}}
              </tbody>
            </table>
            <section aria-labelledby="m-dead">
              <h2 id="m-dead">{{t.messages.deadletters}} <span class="count">{{dead_count}}</span></h2>
              {{^dead}}<p class="muted">{{t.messages.none}}</p>{{/dead}}
              {{#has_dead}}
              <form method="post" action="/messages/replay"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.messages.replay}}</button></form>
              <table>
                <thead><tr><th scope="col">ID</th><th scope="col">{{t.messages.endpoint}}</th><th scope="col">{{t.task.customer}}</th><th scope="col">{{t.messages.reason}}</th><th scope="col"></th></tr></thead>
                <tbody>
                {{#dead}}<tr id="dead-{{id}}"><td><code>{{id}}</code></td><td>{{channel}}</td><td>{{customer}}</td><td>{{reason}}</td>
                  <td><form method="post" action="/messages/{{id}}/retry"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{t.messages.retry}}</button></form></td></tr>{{/dead}}
                </tbody>
              </table>
              {{/has_dead}}
            </section>
            {{> foot}}
            """,
        "reports": """
            {{> head}}
            {{#pick_branch}}
            <form method="get" action="/reports" class="search">
              <label for="r-branch">{{t.reports.branch}}</label>
              <select id="r-branch" name="branch"><option value="">{{t.reports.chain}}</option>{{#branches}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/branches}}</select>
              <button type="submit">{{t.appointments.go}}</button>
            </form>
            {{/pick_branch}}
            {{^pick_branch}}{{#branch_name}}<p class="muted">{{branch_name}}</p>{{/branch_name}}{{/pick_branch}}
            {{#reports}}
            <section class="card" aria-labelledby="r-{{id}}">
              <h2 id="r-{{id}}">{{heading}}</h2>
              {{#has_bars}}
              <ul class="bars">
              {{#bars}}<li><span class="label">{{label}}</span><span class="bar"><svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{{label}} {{value}}"><rect width="{{width}}" height="10"></rect></svg></span><span class="value">{{value}}</span></li>{{/bars}}
              </ul>
              {{/has_bars}}
              {{#lines}}<p>{{.}}</p>{{/lines}}
            </section>
            {{/reports}}
            {{> foot}}
            """,
    ]
}
