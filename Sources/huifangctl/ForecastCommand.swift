import ArgumentParser
import HuifangControl

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: API.Forecast.abstract)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this customer.") var customer: Int64?
    @Option(help: "How many days ahead (1-800).") var days: Int = 30
    @Option(help: "At most this many lines.") var limit: Int = 1000

    func validate() throws {
        guard (1...800).contains(days) else { throw ValidationError("--days must lie between 1 and 800") }
    }

    func run() throws {
        let entries = try global.call(
            API.Forecast.self, ForecastArgs(customer: customer, days: days, limit: limit))
        global.output(entries) {
            Table.print(header: ["DUE", "KIND", "CUSTOMER", "CHANNEL", "SOURCE", "TEXT"], rows: entries.map {
                [LocalTimeText.show($0.dueAt), $0.kind, $0.customerName ?? "\($0.customer)", $0.channel, $0.source, $0.text]
            })
        }
    }
}
