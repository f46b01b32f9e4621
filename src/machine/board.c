/* The virt board: QEMU's memory map and the devices on it.
 * SPDX-License-Identifier: MIT */
#include "machine/machine_internal.h"

#include "machine/board.h"
#include "machine/virtio.h"

/* ---- mask ROM --------------------------------------------------------- */

/* QEMU virt's boot ROM at 0x1000.  Harts cannot execute from it (src/cpu
 * runs code from RAM only), so boot.c starts them with the registers its
 * reset vector would set; the ROM still holds that code and the
 * fw_dynamic_info structure, which OpenSBI reads through a2. */
static uint64_t mrom_read(void *opaque, uint64_t off, unsigned size)
{
    Machine *m = opaque;
    if (off + size > sizeof(m->mrom)) {
        return 0;
    }
    return load_le(m->mrom + off, size);
}

static void mrom_write(void *opaque, uint64_t off, uint64_t val,
                       unsigned size)
{
    /* Writes to ROM are ignored, as on QEMU. */
    (void)opaque;
    (void)off;
    (void)val;
    (void)size;
}

/* ---- empty virtio-mmio slots ------------------------------------------ */

/* A virtio-mmio transport with no device behind it, as QEMU shows in every
 * unused slot: the magic value and version, device ID 0 (Linux's
 * virtio_mmio driver then skips the slot quietly).  Reads elsewhere give 0
 * and writes are ignored. */
#define VIRTIO_MMIO_MAGIC 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_VENDOR_ID 0x00c

static uint64_t empty_slot_read(void *opaque, uint64_t off, unsigned size)
{
    (void)opaque;
    (void)size;
    switch (off) {
    case VIRTIO_MMIO_MAGIC:
        return 0x74726976; /* "virt" */
    case VIRTIO_MMIO_VERSION:
        return 2;
    case VIRTIO_MMIO_VENDOR_ID:
        return 0x554d4551; /* "QEMU" */
    default:
        return 0;
    }
}

static void empty_slot_write(void *opaque, uint64_t off, uint64_t val,
                             unsigned size)
{
    (void)opaque;
    (void)off;
    (void)val;
    (void)size;
}

/* Maps the empty transport into every slot no device took. */
static void map_empty_virtio_slots(Machine *m)
{
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        BusDevice dev = {
            .name = "virtio-mmio (empty)", .base = VIRT_VIRTIO_SLOT(i),
            .size = VIRT_VIRTIO_SIZE, .sizes = BUS_SIZES_32,
            .read = empty_slot_read, .write = empty_slot_write,
        };
        /* Fails exactly when a real device occupies the slot. */
        (void)!bus_add(m->bus, &dev);
    }
}

/* ---- the board -------------------------------------------------------- */

IrqLine board_irq_line(Machine *m, unsigned source)
{
    return plic_irq_line(m->plic, source);
}

void board_init(Machine *m)
{
    BusDevice mrom = {
        .name = "mrom", .base = VIRT_MROM_BASE, .size = VIRT_MROM_SIZE,
        .sizes = BUS_SIZES_ALL, .read = mrom_read, .write = mrom_write,
        .opaque = m,
    };
    /* The PLIC first: the other devices get their interrupt lines from
     * it. */
    m->plic = plic_new(m, VIRT_PLIC_BASE, VIRT_PLIC_NDEV);
    if (m->plic == NULL) {
        base_panic(__FILE__, __LINE__, "virt devices overlap");
    }
    m->clint = clint_new(m, VIRT_CLINT_BASE);
    m->uart = uart_new(m, VIRT_UART0_BASE,
                       board_irq_line(m, VIRT_UART0_IRQ));
    m->rtc = rtc_new(m, VIRT_RTC_BASE, board_irq_line(m, VIRT_RTC_IRQ));
    if (m->clint == NULL || m->uart == NULL || m->rtc == NULL ||
        !finisher_init(m, VIRT_TEST_BASE) || !bus_add(m->bus, &mrom)) {
        base_panic(__FILE__, __LINE__, "virt devices overlap");
    }
    /* Devices in virtio-mmio slots are created above this line. */
    virtio_board_init(m);
    map_empty_virtio_slots(m);
}

void board_free(Machine *m)
{
    virtio_board_free(m);
    clint_free(m->clint);
    uart_free(m->uart);
    rtc_free(m->rtc);
    plic_free(m->plic);
}

void board_reset(Machine *m)
{
    memset(m->mrom, 0, sizeof(m->mrom));
    clint_reset(m->clint);
    uart_reset(m->uart);
    rtc_reset(m->rtc);
    virtio_board_reset(m);
    /* Last: the devices above have lowered their lines by now. */
    plic_reset(m->plic);
}

uint64_t board_next_event(const Machine *m)
{
    return rtc_next_event(m->rtc);
}

void board_update(Machine *m)
{
    rtc_update(m->rtc);
}

void machine_console_input(Machine *m, const uint8_t *buf, size_t len)
{
    uart_receive(m->uart, buf, len);
}

size_t machine_console_room(const Machine *m)
{
    return uart_rx_room(m->uart);
}

