/* Unit test of the virt board's PLIC, UART, goldfish RTC, device tree and
 * boot layout (src/machine/{plic,uart,rtc,fdt,boot,board}.c).
 * SPDX-License-Identifier: MIT
 *
 * Devices are driven through the machine's MMIO path as a guest would;
 * interrupt lines are observed in the harts' mip.  Expected behaviour:
 * the SiFive PLIC spec (claim/complete, level-triggered gateways,
 * thresholds), the 16550A data sheet plus QEMU's THRE rules for the UART,
 * QEMU's goldfish_rtc for the RTC, QEMU 7.2 hw/riscv/boot.c for the boot
 * layout. */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "machine/board.h"
#include "machine/boot.h"
#include "machine/machine_internal.h"
#include "unit.h"

#define CSR_MIP 0x344
#define BOOT_NS 1700000000123456789ULL /* wall clock at power-on */

static uint8_t console[256];
static size_t console_len;

static void console_out(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    for (size_t i = 0; i < len && console_len < sizeof console; i++) {
        console[console_len++] = buf[i];
    }
}

static Machine *new_machine(unsigned harts)
{
    const char *err = NULL;
    MachineConfig cfg = {
        .ram_size = 64ULL << 20, .harts = harts,
        .env = {.console_out = console_out, .boot_wallclock_ns = BOOT_NS},
    };
    Machine *m = machine_new(&cfg, &err);
    if (m == NULL) {
        fprintf(stderr, "machine_new: %s\n", err);
        exit(2);
    }
    return m;
}

static uint64_t rd(Machine *m, uint64_t pa, unsigned size)
{
    uint64_t v = 0;
    CHECK(machine_mem(m)->mmio.read(m, pa, size, &v), "read %llx",
          (unsigned long long)pa);
    return v;
}

static void wr(Machine *m, uint64_t pa, unsigned size, uint64_t v)
{
    CHECK(machine_mem(m)->mmio.write(m, pa, size, v), "write %llx",
          (unsigned long long)pa);
}

static uint64_t mip(Machine *m, unsigned hart)
{
    uint64_t v = 0;
    CHECK(cpu_debug_csr_read(machine_hart(m, hart), CSR_MIP, &v), "mip");
    return v;
}

/* ---- PLIC ------------------------------------------------------------- */

#define PLIC_PRIO(s) (VIRT_PLIC_BASE + 4 * (s))
#define PLIC_PENDING (VIRT_PLIC_BASE + 0x1000)
#define PLIC_ENABLE(c) (VIRT_PLIC_BASE + 0x2000 + 0x80 * (c))
#define PLIC_THRESHOLD(c) (VIRT_PLIC_BASE + 0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c) (PLIC_THRESHOLD(c) + 4)

static void test_plic(void)
{
    Machine *m = new_machine(2);
    Plic *p = m->plic;

    /* Source 5 high, not enabled anywhere: pending, no interrupt. */
    plic_set_irq(p, 5, true);
    CHECK_EQ(rd(m, PLIC_PENDING, 4), 1u << 5, "pending word 0");
    CHECK_EQ(mip(m, 0) & (MIP_MEIP | MIP_SEIP), 0, "no line yet");

    /* Enabled for hart 1's S context (3) with priority 0: still off. */
    wr(m, PLIC_ENABLE(3), 4, 1u << 5);
    CHECK_EQ(mip(m, 1) & MIP_SEIP, 0, "priority 0 never interrupts");
    wr(m, PLIC_PRIO(5), 4, 0xff);
    CHECK_EQ(rd(m, PLIC_PRIO(5), 4), 7, "priority is 3 bits");
    CHECK_EQ(mip(m, 1) & (MIP_MEIP | MIP_SEIP), MIP_SEIP, "hart 1 SEIP");
    CHECK_EQ(mip(m, 0) & (MIP_MEIP | MIP_SEIP), 0, "hart 0 untouched");

    /* Threshold at the priority masks it; below lets it through. */
    wr(m, PLIC_THRESHOLD(3), 4, 7);
    CHECK_EQ(mip(m, 1) & MIP_SEIP, 0, "threshold 7 masks priority 7");
    wr(m, PLIC_THRESHOLD(3), 4, 6);
    CHECK_EQ(mip(m, 1) & MIP_SEIP, MIP_SEIP, "threshold 6");

    /* Higher priority wins; equal priority goes to the lower id. */
    plic_set_irq(p, 40, true);
    wr(m, PLIC_PRIO(40), 4, 7);
    wr(m, PLIC_ENABLE(3) + 4, 4, 1u << (40 - 32));
    CHECK_EQ(rd(m, PLIC_CLAIM(3), 4), 5, "tie: lowest id first");
    CHECK_EQ(rd(m, PLIC_PENDING, 4) & (1u << 5), 0, "claim clears pending");
    CHECK_EQ(rd(m, PLIC_CLAIM(3), 4), 40, "then the next one");
    CHECK_EQ(rd(m, PLIC_CLAIM(3), 4), 0, "nothing left");
    CHECK_EQ(mip(m, 1) & MIP_SEIP, 0, "all in service");

    /* Level still high at completion: pending again. */
    wr(m, PLIC_CLAIM(3), 4, 5);
    CHECK_EQ(mip(m, 1) & MIP_SEIP, MIP_SEIP, "re-pended at complete");
    /* Line dropped before the claim: the request stays until claimed. */
    plic_set_irq(p, 5, false);
    CHECK_EQ(mip(m, 1) & MIP_SEIP, MIP_SEIP, "request kept");
    CHECK_EQ(rd(m, PLIC_CLAIM(3), 4), 5, "claimed after the line dropped");
    wr(m, PLIC_CLAIM(3), 4, 5);
    CHECK_EQ(mip(m, 1) & MIP_SEIP, 0, "line low at complete: done");
    CHECK_EQ(rd(m, PLIC_CLAIM(3), 4), 0, "nothing to claim");
    /* Line dropped while in service: no new request at completion. */
    plic_set_irq(p, 40, false);
    wr(m, PLIC_CLAIM(3), 4, 40);
    CHECK_EQ(rd(m, PLIC_PENDING, 4 + 0) | rd(m, PLIC_PENDING + 4, 4), 0,
             "nothing pending");

    /* M context of hart 0 (context 0) drives MEIP; reset clears all. */
    plic_set_irq(p, 96, true);
    wr(m, PLIC_PRIO(96), 4, 1);
    wr(m, PLIC_ENABLE(0) + 12, 4, 1u << 0);
    CHECK_EQ(mip(m, 0) & (MIP_MEIP | MIP_SEIP), MIP_MEIP, "hart 0 MEIP");
    plic_set_irq(p, 97, true); /* beyond riscv,ndev: ignored */
    plic_set_irq(p, 96, false);
    machine_reset(m);
    CHECK_EQ(mip(m, 0) & (MIP_MEIP | MIP_SEIP), 0, "reset");
    CHECK_EQ(rd(m, PLIC_PRIO(96), 4), 0, "reset priority");
    machine_free(m);
}

/* ---- UART ------------------------------------------------------------- */

/* A second UART in a free spot of the map, its interrupt line wired to a
 * probe instead of the PLIC (whose pending bits latch), so the tests see
 * the line level itself. */
#define TEST_UART_BASE 0x10010000ULL
#define UART(r) (TEST_UART_BASE + (r))
enum { THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5,
       MSR = 6 };

static bool uart_line;

static void probe_line(void *opaque, unsigned n, bool level)
{
    (void)opaque;
    (void)n;
    uart_line = level;
}

static void test_uart(void)
{
    Machine *m = new_machine(1);
    Uart *u = uart_new(m, TEST_UART_BASE,
                       (IrqLine){.set = probe_line, .n = VIRT_UART0_IRQ});
    CHECK(u != NULL, "second UART");
    if (u == NULL) {
        machine_free(m);
        return;
    }
    uart_reset(u);
    console_len = 0;

    CHECK_EQ(rd(m, UART(IIR), 1), 0x01, "no interrupt after reset");
    CHECK_EQ(rd(m, UART(LSR), 1), 0x60, "THRE|TEMT, no data");

    /* Enabling THRI raises the THRE interrupt; reading IIR clears it. */
    wr(m, UART(IER), 1, 0x02);
    CHECK(uart_line, "THRE interrupt line");
    CHECK_EQ(rd(m, UART(IIR), 1), 0x02, "IIR = THRI");
    CHECK_EQ(rd(m, UART(IIR), 1), 0x01, "cleared by the IIR read");
    CHECK(!uart_line, "line low");
    /* A write transmits and raises it again. */
    wr(m, UART(THR), 1, 'A');
    CHECK_EQ(console_len, 1, "one byte out");
    CHECK_EQ(console[0], 'A', "the byte");
    CHECK_EQ(rd(m, UART(IIR), 1), 0x02, "THRI after a write");
    /* Toggling THRI off and on re-raises it (8250 THRE test). */
    wr(m, UART(IER), 1, 0x00);
    wr(m, UART(IER), 1, 0x02);
    CHECK_EQ(rd(m, UART(IIR), 1), 0x02, "THRI after re-enable");
    wr(m, UART(IER), 1, 0x00);

    /* FIFO off: one byte holds, the next overruns. */
    CHECK_EQ(uart_rx_room(u), 1, "room without FIFO");
    static const uint8_t two[2] = {'x', 'y'};
    CHECK_EQ(uart_receive(u, two, 2), 1, "one byte stored");
    CHECK_EQ(rd(m, UART(LSR), 1), 0x63, "DR|OE|THRE|TEMT");
    CHECK_EQ(rd(m, UART(LSR), 1), 0x61, "OE cleared by the LSR read");
    CHECK_EQ(rd(m, UART(THR), 1), 'x', "RBR");
    CHECK_EQ(rd(m, UART(LSR), 1) & 1, 0, "no data left");

    /* FIFO on, trigger level 8, receive interrupts on. */
    wr(m, UART(FCR), 1, 0x87);
    CHECK_EQ(rd(m, UART(IIR), 1), 0xc1, "FIFO bits in IIR");
    wr(m, UART(IER), 1, 0x05);
    uint8_t in[20];
    for (unsigned i = 0; i < sizeof in; i++) {
        in[i] = (uint8_t)('a' + i);
    }
    CHECK_EQ(uart_rx_room(u), 16, "16-byte FIFO");
    CHECK_EQ(uart_receive(u, in, 3), 3, "3 bytes");
    CHECK(uart_line, "data interrupt below the trigger level");
    CHECK_EQ(rd(m, UART(IIR), 1), 0xcc, "character timeout below trigger");
    CHECK_EQ(uart_receive(u, in + 3, 17), 13, "FIFO fills up");
    CHECK_EQ(rd(m, UART(IIR), 1), 0xc6, "overrun: line status first");
    CHECK_EQ(rd(m, UART(LSR), 1), 0x63, "DR|OE");
    CHECK_EQ(rd(m, UART(IIR), 1), 0xc4, "then data available");
    for (unsigned i = 0; i < 16; i++) {
        CHECK_EQ(rd(m, UART(THR), 1), in[i], "FIFO order, byte %u", i);
    }
    CHECK(!uart_line, "empty FIFO: no interrupt");
    CHECK_EQ(rd(m, UART(IIR), 1), 0xc1, "IIR none");

    /* Loopback: modem outputs appear on the inputs, bytes come back. */
    wr(m, UART(MCR), 1, 0x1a);
    CHECK_EQ(rd(m, UART(MSR), 1) & 0xf0, 0x90, "CTS|DCD from RTS|OUT2");
    size_t before = console_len;
    wr(m, UART(THR), 1, 'L');
    CHECK_EQ(console_len, before, "loopback does not transmit");
    CHECK_EQ(rd(m, UART(THR), 1), 'L', "looped back");
    CHECK_EQ(uart_rx_room(u), 0, "no outside input in loopback");
    wr(m, UART(MCR), 1, 0x00);

    /* Divisor latch: DLL/DLM shadow THR/IER. */
    wr(m, UART(LCR), 1, 0x83);
    wr(m, UART(THR), 1, 0x12);
    wr(m, UART(IER), 1, 0x34);
    CHECK_EQ(rd(m, UART(THR), 1), 0x12, "DLL");
    CHECK_EQ(rd(m, UART(IER), 1), 0x34, "DLM");
    wr(m, UART(LCR), 1, 0x03);
    CHECK_EQ(rd(m, UART(IER), 1), 0x05, "IER kept");
    uart_free(u);
    machine_free(m);
}

/* ---- RTC -------------------------------------------------------------- */

#define RTC(r) (VIRT_RTC_BASE + (r))
enum { TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08,
       ALARM_HIGH = 0x0c, IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14,
       ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c };

static uint64_t rtc_now(Machine *m)
{
    uint64_t lo = rd(m, RTC(TIME_LOW), 4);
    return lo | rd(m, RTC(TIME_HIGH), 4) << 32;
}

/* Runs the harts (a `j .` loop) for n instructions. */
static void run_for(Machine *m, uint64_t n)
{
    CHECK_EQ(machine_run(m, n), STOP_LIMIT, "run");
}

static bool rtc_pending(Machine *m)
{
    return rd(m, PLIC_PENDING, 4) & (1u << VIRT_RTC_IRQ);
}

/* What a handler does once the RTC has dropped its line: claim the
 * latched request at hart 0's M context and complete it. */
static void rtc_ack(Machine *m)
{
    wr(m, PLIC_PRIO(VIRT_RTC_IRQ), 4, 1);
    wr(m, PLIC_ENABLE(0), 4, 1u << VIRT_RTC_IRQ);
    CHECK_EQ(rd(m, PLIC_CLAIM(0), 4), VIRT_RTC_IRQ, "claim");
    wr(m, PLIC_CLAIM(0), 4, VIRT_RTC_IRQ);
}

static void test_rtc(void)
{
    Machine *m = new_machine(1);
    static const uint16_t spin = 0xa001; /* c.j . */
    CHECK(physmem_write(machine_mem(m), VIRT_DRAM_BASE, &spin, 2), "code");
    cpu_reset(machine_hart(m, 0), VIRT_DRAM_BASE);

    /* Power-on wall clock, truncated to the 100 ns tick. */
    CHECK_EQ(rtc_now(m), BOOT_NS, "time at power-on");
    run_for(m, 1000);
    CHECK_EQ(rtc_now(m), BOOT_NS + 1000, "1000 instructions = 1000 ns");
    run_for(m, 50);
    CHECK_EQ(rtc_now(m), BOOT_NS + 1000, "tick resolution");

    /* Setting the clock (high half first, as Linux does). */
    uint64_t want = 2000000000000000000ULL;
    wr(m, RTC(TIME_HIGH), 4, want >> 32);
    wr(m, RTC(TIME_LOW), 4, (uint32_t)want);
    CHECK_EQ(rtc_now(m), want, "set time");
    run_for(m, 100);
    CHECK_EQ(rtc_now(m), want + 100, "runs on from the set time");

    /* An alarm 5000 ns ahead fires exactly then (from a tick boundary:
     * 1200 instructions so far).  The run loop handles it between slices,
     * so the next machine_run starts by firing it. */
    run_for(m, 50);
    uint64_t alarm = rtc_now(m) + 5000;
    wr(m, RTC(IRQ_ENABLED), 4, 1);
    wr(m, RTC(ALARM_HIGH), 4, alarm >> 32);
    wr(m, RTC(ALARM_LOW), 4, (uint32_t)alarm);
    CHECK_EQ(rd(m, RTC(ALARM_STATUS), 4), 1, "armed");
    CHECK_EQ(machine_vclock(m), 1200, "clock");
    CHECK_EQ(board_next_event(m), 1200 + 5000, "deadline");
    run_for(m, 4999);
    CHECK_EQ(rd(m, RTC(ALARM_STATUS), 4), 1, "not yet");
    CHECK(!rtc_pending(m), "no irq yet");
    run_for(m, 1);
    run_for(m, 1);
    CHECK_EQ(rd(m, RTC(ALARM_STATUS), 4), 0, "fired");
    CHECK(rtc_pending(m), "irq raised");
    wr(m, RTC(CLEAR_INTERRUPT), 4, 1);
    rtc_ack(m);
    CHECK(!rtc_pending(m), "cleared, not raised again");

    /* An alarm in the past fires at once; a cleared one never. */
    wr(m, RTC(ALARM_LOW), 4, 0);
    CHECK(rtc_pending(m), "past alarm");
    wr(m, RTC(CLEAR_INTERRUPT), 4, 1);
    rtc_ack(m);
    alarm = rtc_now(m) + 100;
    wr(m, RTC(ALARM_HIGH), 4, alarm >> 32);
    wr(m, RTC(ALARM_LOW), 4, (uint32_t)alarm);
    wr(m, RTC(CLEAR_ALARM), 4, 1);
    CHECK_EQ(board_next_event(m), UINT64_MAX, "no event");
    run_for(m, 1000);
    CHECK(!rtc_pending(m), "cancelled");
    machine_free(m);
}

/* ---- boot layout and device tree -------------------------------------- */

static void test_boot(void)
{
    Machine *m = new_machine(2);
    static uint8_t bios[100 * 1024], kernel[3 << 20], initrd[1 << 20];
    memset(bios, 0x11, sizeof bios);
    memset(kernel, 0x22, sizeof kernel);
    memset(initrd, 0x33, sizeof initrd);
    BootImages img = {
        .bios = bios, .bios_len = sizeof bios,
        .kernel = kernel, .kernel_len = sizeof kernel,
        .initrd = initrd, .initrd_len = sizeof initrd,
        .cmdline = "console=ttyS0",
    };
    BootLayout l;
    char err[256];
    CHECK(boot_load(m, &img, &l, err, sizeof err), "boot_load: %s", err);
    CHECK_EQ(l.bios_start, 0x80000000, "firmware");
    CHECK_EQ(l.kernel_entry, 0x80200000, "kernel after 2 MiB");
    /* 64 MiB of RAM: initrd at kernel + RAM / 2. */
    CHECK_EQ(l.initrd_start, 0x80200000 + (32 << 20), "initrd");
    CHECK_EQ(l.fdt_addr, 0x83e00000, "fdt 2 MiB below the end");
    CHECK_EQ(l.fw_dynamic_info, 0x1028, "fw_dynamic_info after reset vec");
    uint8_t b = 0;
    CHECK(physmem_read(machine_mem(m), l.initrd_start, &b, 1) && b == 0x33,
          "initrd written");
    CHECK(physmem_read(machine_mem(m), l.kernel_entry, &b, 1) && b == 0x22,
          "kernel written");
    /* OpenSBI's fw_dynamic_info in the ROM. */
    CHECK_EQ(rd(m, 0x1028, 8), 0x4942534f, "magic");
    CHECK_EQ(rd(m, 0x1030, 8), 2, "version");
    CHECK_EQ(rd(m, 0x1038, 8), 0x80200000, "next_addr");
    CHECK_EQ(rd(m, 0x1040, 8), 1, "next_mode S");
    CHECK_EQ(rd(m, 0x1000, 4), 0x00000297, "reset vector code");
    for (unsigned i = 0; i < 2; i++) {
        Hart *h = machine_hart(m, i);
        CHECK_EQ(cpu_get_pc(h), 0x80000000, "pc");
        CHECK_EQ(cpu_get_xreg(h, 10), i, "a0 hartid");
        CHECK_EQ(cpu_get_xreg(h, 11), l.fdt_addr, "a1 fdt");
        CHECK_EQ(cpu_get_xreg(h, 12), 0x1028, "a2 fw_dynamic_info");
    }

    /* The device tree in RAM. */
    uint8_t *fdt = malloc(l.fdt_size);
    CHECK(physmem_read(machine_mem(m), l.fdt_addr, fdt, l.fdt_size), "fdt");
    CHECK_EQ(fdt_check_full(fdt, l.fdt_size), 0, "valid blob");
    int chosen = fdt_path_offset(fdt, "/chosen");
    const char *s = fdt_getprop(fdt, chosen, "bootargs", NULL);
    CHECK(s && strcmp(s, "console=ttyS0") == 0, "bootargs");
    s = fdt_getprop(fdt, chosen, "stdout-path", NULL);
    CHECK(s && strcmp(s, "/soc/serial@10000000") == 0, "stdout-path");
    CHECK(fdt_getprop(fdt, chosen, "rng-seed", NULL) == NULL,
          "no host entropy in the device tree");
    int len = 0;
    const void *v = fdt_getprop(fdt, chosen, "linux,initrd-end", &len);
    CHECK(v && len == 4 && fdt32_ld(v) == l.initrd_end, "initrd-end");
    int cpu1 = fdt_path_offset(fdt, "/cpus/cpu@1");
    CHECK(cpu1 >= 0, "cpu@1");
    s = fdt_getprop(fdt, cpu1, "riscv,isa", NULL);
    CHECK(s && strstr(s, "_sstc") != NULL, "isa lists sstc");
    int plic = fdt_path_offset(fdt, "/soc/plic@c000000");
    const fdt32_t *cells = fdt_getprop(fdt, plic, "interrupts-extended",
                                       &len);
    CHECK(cells && len == 4 * 4 * 2, "two harts x (M, S)");
    if (cells && len == 32) {
        CHECK_EQ(fdt32_to_cpu(cells[1]), 11, "context 0: M external");
        CHECK_EQ(fdt32_to_cpu(cells[3]), 9, "context 1: S external");
    }
    const fdt32_t *ndev = fdt_getprop(fdt, plic, "riscv,ndev", NULL);
    CHECK(ndev && fdt32_to_cpu(*ndev) == VIRT_PLIC_NDEV, "riscv,ndev");
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        char path[64];
        snprintf(path, sizeof path, "/soc/virtio_mmio@%llx",
                 (unsigned long long)VIRT_VIRTIO_SLOT(i));
        CHECK(fdt_path_offset(fdt, path) >= 0, "%s", path);
        /* Every slot answers like QEMU's empty transport (or a device). */
        CHECK_EQ(rd(m, VIRT_VIRTIO_SLOT(i), 4), 0x74726976, "slot magic");
    }
    free(fdt);

    /* Too big an initrd is refused with a message. */
    img.initrd_len = 40 << 20;
    uint8_t *big = calloc(1, img.initrd_len);
    img.initrd = big;
    machine_reset(m);
    CHECK(!boot_load(m, &img, &l, err, sizeof err), "initrd too big");
    CHECK(strstr(err, "initrd") != NULL, "message names the initrd: %s",
          err);
    free(big);
    machine_free(m);
}

int main(void)
{
    test_plic();
    test_uart();
    test_rtc();
    test_boot();
    return unit_finish("test_board");
}
