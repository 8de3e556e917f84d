#!/usr/bin/env node
// Renders resources/icon.svg to resources/icon.png (512x512) with headless Chromium, so the PNG
// the desktop shell and packages use is made from the one SVG source.
import { chromium } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const resources = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')
const svg = readFileSync(join(resources, 'icon.svg'), 'utf8')
const browser = await chromium.launch({
  executablePath: process.env.FLAKEDECK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})
const page = await browser.newPage({ viewport: { width: 512, height: 512 } })
await page.setContent(
  `<html><body style="margin:0;background:transparent">${svg.replace('width="256" height="256"', 'width="512" height="512"')}</body></html>`,
)
await page.screenshot({ path: join(resources, 'icon.png'), omitBackground: true })
await browser.close()
console.log('wrote resources/icon.png')
