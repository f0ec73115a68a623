// The world map: countries from world-atlas (Natural Earth 1:110m, TopoJSON) drawn as SVG in an
// equirectangular projection, with one marker per region coloured by its zone's intensity, and lines
// from a viewer to the regions that could serve them. No tiles, no request.
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import world from 'world-atlas/countries-110m.json';
import type { Region } from './api.js';
import { BY_NUMERIC } from './countries.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Latitudes shown: Antarctica is left out (no region, no viewer). */
const NORTH = 84;
const SOUTH = -58;

/** Intensity bands of the legend and the markers, gCO2e/kWh (upper bounds exclusive). */
export const INTENSITY_BANDS = [
  { below: 100, colour: '#1a9850', label: 'under 100' },
  { below: 200, colour: '#91cf60', label: '100 to 200' },
  { below: 300, colour: '#d9ef8b', label: '200 to 300' },
  { below: 400, colour: '#fee08b', label: '300 to 400' },
  { below: 600, colour: '#fc8d59', label: '400 to 600' },
  { below: Infinity, colour: '#d73027', label: '600 and over' },
] as const;
export const UNKNOWN_COLOUR = '#9aa5b1';

export function colourOf(gCo2ePerKwh: number | undefined): string {
  if (gCo2ePerKwh === undefined) return UNKNOWN_COLOUR;
  return INTENSITY_BANDS.find((band) => gCo2ePerKwh < band.below)?.colour ?? UNKNOWN_COLOUR;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

function project([longitude, latitude]: Position): [number, number] {
  return [longitude, -latitude];
}

/** A ring as SVG path data; an edge that jumps across the antimeridian starts a new subpath instead. */
function ringPath(ring: Position[]): string {
  let path = '';
  let previous: number | undefined;
  for (const point of ring) {
    const [x, y] = project(point);
    const jump = previous === undefined || Math.abs(x - previous) > 180;
    path += `${jump ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`;
    previous = x;
  }
  return `${path}Z`;
}

function countryPath(geometry: Polygon | MultiPolygon): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((polygon) => polygon.map(ringPath).join('')).join('');
}

export interface MapHandlers {
  onRegion(region: Region): void;
  onCountry(alpha2: string): void;
  describe(region: Region): { label: string; lines: string[] };
}

export class WorldMap {
  readonly element: SVGSVGElement;
  private readonly markers = new Map<string, SVGCircleElement>();
  private readonly markerLayer = svg('g', { class: 'markers' });
  private readonly lineLayer = svg('g', { class: 'lines', 'aria-hidden': 'true' });
  private readonly regions = new Map<string, Region>();

  constructor(
    private readonly tooltip: HTMLElement,
    private readonly handlers: MapHandlers,
  ) {
    this.element = svg('svg', {
      viewBox: `-180 ${-NORTH} 360 ${NORTH - SOUTH}`,
      class: 'world-map',
      role: 'group',
      'aria-label': 'World map of cloud regions, coloured by the current carbon intensity of their grid zone',
    });
    const land = svg('g', { class: 'countries' });
    const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const countries = feature(topology, topology.objects.countries);
    for (const country of countries.features) {
      if (
        !country.geometry ||
        (country.geometry.type !== 'Polygon' && country.geometry.type !== 'MultiPolygon')
      )
        continue;
      const code = BY_NUMERIC.get(String(country.id ?? ''));
      const path = svg('path', { d: countryPath(country.geometry), class: 'country' });
      if (code) {
        path.dataset.country = code.alpha2;
        const title = svg('title');
        title.textContent = `${code.name}: click to place a viewer here`;
        path.append(title);
        path.addEventListener('click', () => this.handlers.onCountry(code.alpha2));
      }
      land.append(path);
    }
    this.element.append(land, this.lineLayer, this.markerLayer);
  }

  /** Draws one marker per region (replacing any). */
  setRegions(regions: readonly Region[]): void {
    this.markerLayer.replaceChildren();
    this.markers.clear();
    this.regions.clear();
    for (const region of regions) {
      const [x, y] = project([region.longitude, region.latitude]);
      const marker = svg('circle', {
        cx: x.toFixed(2),
        cy: y.toFixed(2),
        r: 2.4,
        class: 'marker',
        tabindex: 0,
        role: 'button',
      });
      marker.dataset.regionId = region.id;
      marker.dataset.zone = region.zone;
      marker.setAttribute('fill', UNKNOWN_COLOUR);
      const show = (): void => this.showTooltip(region, marker);
      marker.addEventListener('mouseenter', show);
      marker.addEventListener('focus', show);
      marker.addEventListener('mouseleave', () => this.hideTooltip());
      marker.addEventListener('blur', () => this.hideTooltip());
      marker.addEventListener('click', () => this.handlers.onRegion(region));
      marker.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.handlers.onRegion(region);
        }
      });
      this.markers.set(region.id, marker);
      this.regions.set(region.id, region);
      this.markerLayer.append(marker);
    }
    this.relabel();
  }

  /** Colours each marker by its zone's intensity (gCO2e/kWh), undefined when unknown. */
  colour(intensityOfZone: (zone: string) => number | undefined): void {
    for (const [id, marker] of this.markers) {
      const region = this.regions.get(id);
      if (!region) continue;
      const value = intensityOfZone(region.zone);
      marker.setAttribute('fill', colourOf(value));
      marker.dataset.intensity = value === undefined ? '' : String(value);
    }
    this.relabel();
  }

  select(regionId: string | undefined): void {
    for (const [id, marker] of this.markers) marker.classList.toggle('selected', id === regionId);
  }

  /** Lines from the viewer to each candidate region (the first, the recommendation, drawn heavier). */
  showViewer(
    viewer: { latitude: number; longitude: number } | undefined,
    regionIds: readonly string[],
  ): void {
    this.lineLayer.replaceChildren();
    if (!viewer) return;
    const [vx, vy] = project([viewer.longitude, viewer.latitude]);
    regionIds.forEach((id, index) => {
      const region = this.regions.get(id);
      if (!region) return;
      const [x, y] = project([region.longitude, region.latitude]);
      const line = svg('line', {
        x1: vx,
        y1: vy,
        x2: x,
        y2: y,
        class: index === 0 ? 'line recommended' : 'line',
      });
      line.dataset.regionId = id;
      this.lineLayer.append(line);
    });
    const size = 2.6;
    const viewerMark = svg('path', {
      d: `M${vx},${vy - size}L${vx + size},${vy}L${vx},${vy + size}L${vx - size},${vy}Z`,
      class: 'viewer-mark',
    });
    this.lineLayer.append(viewerMark);
  }

  private relabel(): void {
    for (const [id, marker] of this.markers) {
      const region = this.regions.get(id);
      if (region) marker.setAttribute('aria-label', this.handlers.describe(region).label);
    }
  }

  private showTooltip(region: Region, marker: SVGCircleElement): void {
    const { lines } = this.handlers.describe(region);
    this.tooltip.replaceChildren(
      ...lines.map((line, index) => {
        const row = document.createElement(index === 0 ? 'strong' : 'span');
        row.textContent = line;
        return row;
      }),
    );
    const box = marker.getBoundingClientRect();
    const frame = this.element.getBoundingClientRect();
    this.tooltip.hidden = false;
    const left = Math.min(box.left - frame.left + 10, frame.width - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(4, left)}px`;
    this.tooltip.style.top = `${box.top - frame.top + 12}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }
}
