#!/usr/bin/env python3
"""Drives the staff console in headless Chromium (selenium), as staff would, and saves a
screenshot of every page it visits. Used by the integration tests; prints one line per
step and exits non-zero naming the first expectation that failed.

    console_e2e.py --base http://127.0.0.1:PORT --shots DIR front-desk NAME PASSWORD PHONE_END TASK_ID
    console_e2e.py --base http://127.0.0.1:PORT --shots DIR manager NAME PASSWORD DEAD_MESSAGE_ID
"""
import argparse
import os
import sys

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


class Failed(Exception):
    pass


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,1100", "--lang=zh-CN"]:
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


class Visit:
    def __init__(self, base, shots, who):
        self.base, self.shots, self.who = base, shots, who
        self.driver = browser()
        self.step = 0

    def shot(self, name):
        self.step += 1
        path = os.path.join(self.shots, f"{self.who}-{self.step:02d}-{name}.png")
        self.driver.save_screenshot(path)
        print(f"screenshot {path}", flush=True)

    def open(self, path, name):
        self.driver.get(self.base + path)
        self.shot(name)

    def expect(self, condition, what):
        if not condition:
            raise Failed(f"{self.who}: {what} (at {self.driver.current_url})")
        print(f"ok {what}", flush=True)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def login(self, name, password):
        self.open("/login", "login")
        self.driver.find_element(By.ID, "name").send_keys(name)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        # The click returns before the browser has followed the redirect: wait for it.
        try:
            WebDriverWait(self.driver, 15).until(lambda d: d.current_url.endswith("/today"))
        except Exception:
            pass
        self.expect(self.driver.current_url.endswith("/today"), f"{name} is logged in and on Today")
        self.shot("today")


def front_desk(v, name, password, phone_end, task_id):
    v.login(name, password)
    v.expect(f"task-{task_id}" in v.driver.page_source, f"task {task_id} is on Today")
    v.driver.find_element(By.LINK_TEXT, "客户").click()
    v.driver.find_element(By.ID, "q").send_keys(phone_end)
    v.driver.find_element(By.CSS_SELECTOR, "form.search button").click()
    v.shot("customers")
    links = v.driver.find_elements(By.CSS_SELECTOR, "tbody a")
    v.expect(len(links) == 1, f"one customer has a phone ending {phone_end}")
    links[0].click()
    v.shot("customer")
    v.expect("沟通记录" in v.text(), "the customer page shows the story")
    v.driver.find_element(By.LINK_TEXT, "今日").click()
    card = v.driver.find_element(By.ID, f"task-{task_id}")
    card.find_element(By.NAME, "note").send_keys("无人接听，稍后再打")
    card.find_element(By.CSS_SELECTOR, "button[value=no-answer]").click()
    v.shot("after-no-answer")
    v.expect(v.driver.find_elements(By.CSS_SELECTOR, "p.flash"), "the outcome was saved")
    v.expect(f"task-{task_id}" not in v.driver.page_source, f"task {task_id} left Today")
    # A walk-in: registered on 客户, then their visit recorded on their page (a folded form).
    v.driver.find_element(By.LINK_TEXT, "客户").click()
    v.driver.find_element(By.ID, "n-name").send_keys("赵新客")
    v.driver.find_element(By.ID, "n-phone").send_keys("139 0000 2222")
    v.driver.find_element(By.CSS_SELECTOR, "form[method=post][action='/customers'] button").click()
    flash = v.driver.find_elements(By.CSS_SELECTOR, "p.flash")
    v.expect(flash and flash[0].text == "已登记：赵新客" and "/customers/" in v.driver.current_url, "a new customer, then their page")
    v.driver.find_element(By.XPATH, "//summary[h2[text()='记录到店']]").click()
    v.driver.find_element(By.ID, "v-service").send_keys("洁牙")
    v.shot("record-visit")
    v.driver.find_element(By.CSS_SELECTOR, "form[action$='/visits'] button").click()
    flash = v.driver.find_elements(By.CSS_SELECTOR, "p.flash")
    v.expect(flash and flash[0].text.startswith("已记录到店：洁牙"), "the visit was recorded")
    v.expect("洁牙 · " in v.text(), "the visit is in the customer's story")
    v.open("/messages", "messages-refused")
    v.expect("无权" in v.text(), "a front desk is refused the message flow")


def manager(v, name, password, dead_id):
    v.login(name, password)
    v.driver.find_element(By.LINK_TEXT, "消息").click()
    v.shot("messages")
    v.expect(v.driver.find_elements(By.ID, f"dead-{dead_id}"), f"dead letter {dead_id} is listed")
    v.driver.find_element(By.XPATH, "//button[text()='全部重发']").click()
    v.shot("after-replay")
    flash = v.driver.find_elements(By.CSS_SELECTOR, "p.flash")
    v.expect(flash and "已重新排队 1 条" in flash[0].text, "one dead message was re-queued")
    for path, label in [("/reports", "reports"), ("/complaints", "complaints"), ("/appointments", "appointments"),
                        ("/appointments?view=week", "appointments-week"), ("/customers", "customers")]:
        v.open(path, label)
        v.expect("无权" not in v.text(), f"a manager may open {path}")
    # 批量导入: a spreadsheet's CSV (a column Huifang does not keep is left out and named).
    csv_path = os.path.join(v.shots, "import-customers.csv")
    with open(csv_path, "w", encoding="utf-8-sig") as f:
        f.write("姓名,手机,会员号\r\n钱导入,139 0000 3333,A001\r\n")
    v.open("/import", "import")
    v.driver.find_element(By.ID, "i-file").send_keys(csv_path)
    v.driver.find_element(By.CSS_SELECTOR, "form[action='/import'] button").click()
    v.shot("imported")
    v.expect("已导入 1 位客户。" in v.text() and "没有导入的栏目：会员号" in v.text(), "the file was imported")
    v.driver.find_element(By.LINK_TEXT, "English").click()
    v.shot("english")
    v.expect("Log out" in v.text(), "the console switches to English")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--shots", required=True)
    parser.add_argument("scenario", choices=["front-desk", "manager"])
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    os.makedirs(options.shots, exist_ok=True)
    v = Visit(options.base, options.shots, options.scenario)
    try:
        (front_desk if options.scenario == "front-desk" else manager)(v, *options.args)
    except Failed as failure:
        v.shot("failed")
        print(f"FAILED {failure}", flush=True)
        return 1
    finally:
        v.driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
